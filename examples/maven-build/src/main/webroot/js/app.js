document.getElementById("status").textContent="The script ran.";
//# sourceMappingURL=app.js.map
