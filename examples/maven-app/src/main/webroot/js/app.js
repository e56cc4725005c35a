fetch("/api/hello").then(r=>r.json()).then(j=>{document.getElementById("status").textContent="The script ran; the API says hello "+j.hello+".";});
//# sourceMappingURL=app.js.map
