package org.vertxassets.impl.http;

import java.util.Locale;
import java.util.Map;

/** The extension-to-media-type table, with the charset rule: {@code charset=utf-8} on text and XML types. */
public final class MimeTypes {

  public static final String OCTET_STREAM = "application/octet-stream";

  private static final Map<String, String> BUILT_IN = Map.ofEntries(
      Map.entry("html", "text/html"),
      Map.entry("htm", "text/html"),
      Map.entry("css", "text/css"),
      // RFC 9239: text/javascript is the one media type for JavaScript.
      Map.entry("js", "text/javascript"),
      Map.entry("mjs", "text/javascript"),
      Map.entry("cjs", "text/javascript"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("jsonld", "application/ld+json"),
      Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("xml", "application/xml"),
      Map.entry("rss", "application/rss+xml"),
      Map.entry("atom", "application/atom+xml"),
      Map.entry("txt", "text/plain"),
      Map.entry("md", "text/markdown"),
      Map.entry("csv", "text/csv"),
      Map.entry("ics", "text/calendar"),
      Map.entry("vtt", "text/vtt"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("avif", "image/avif"),
      Map.entry("ico", "image/vnd.microsoft.icon"),
      Map.entry("bmp", "image/bmp"),
      Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("ttf", "font/ttf"),
      Map.entry("otf", "font/otf"),
      Map.entry("wasm", "application/wasm"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"),
      Map.entry("gz", "application/gzip"),
      Map.entry("br", "application/x-brotli"),
      Map.entry("zst", "application/zstd"),
      Map.entry("mp4", "video/mp4"),
      Map.entry("webm", "video/webm"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("ogg", "audio/ogg"),
      Map.entry("wav", "audio/wav"));

  private MimeTypes() {
  }

  /**
   * Returns whether a file name (or path) is an HTML page, {@code .html} or {@code .htm} in any
   * case: an entry point, asked for by its name, which {@code build} gives no hashed copy and the
   * index reads for the files it links.
   */
  public static boolean isPage(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".html") || lower.endsWith(".htm");
  }

  /**
   * Returns the {@code Content-Type} value for a file name: the extra table first, then the
   * built-in one, then {@code application/octet-stream}; textual types get {@code charset=utf-8}.
   */
  public static String contentType(String fileName, Map<String, String> extra) {
    int dot = fileName.lastIndexOf('.');
    String type = null;
    if (dot >= 0) {
      String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
      type = extra.get(ext);
      if (type == null) {
        type = BUILT_IN.get(ext);
      }
    }
    return type == null ? OCTET_STREAM : withCharset(type);
  }

  /** Returns the type with {@code ; charset=utf-8} added when it is textual and names no charset. */
  public static String withCharset(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.contains("charset=")) {
      return type;
    }
    String essence = lower.split(";", 2)[0].strip();
    boolean textual = essence.startsWith("text/")
        || essence.equals("application/javascript")
        || essence.equals("application/json")
        || essence.equals("application/xml")
        || essence.endsWith("+json")
        || essence.endsWith("+xml");
    return textual ? type + "; charset=utf-8" : type;
  }
}
