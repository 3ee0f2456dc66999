package watchparty.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web client's files from the classpath's webroot: {@code /} is its index.html and
 * {@code /client/<file>} its module, types and media. The handler answers ranges (players seek
 * in a video with them), Last-Modified and 304s; a file it does not have falls through to the
 * JSON 404, and paths are normalised before lookup, so no path leaves webroot.
 */
final class StaticFiles {
  /** Where the web client's files are served from. */
  static final String CLIENT_PATH = "/client/";
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

  private final StaticHandler index = StaticHandler.create("webroot").setDefaultContentEncoding("UTF-8");
  private final StaticHandler client = StaticHandler.create("webroot/client").setDefaultContentEncoding("UTF-8");
  private final Responses responses;

  StaticFiles(Responses responses) {
    this.responses = responses;
  }

  /** The watch page, at {@code /}. */
  void page(RoutingContext ctx) {
    fileHeaders(ctx);
    index.handle(ctx);
  }

  /** A file of the browser client, under {@link #CLIENT_PATH}. */
  void client(RoutingContext ctx) {
    fileHeaders(ctx);
    client.handle(ctx);
  }

  /**
   * A served file's headers, set as its head is written so that a file not found keeps the
   * error's own: CORS (pages on other origins import the module), the server's time, no-cache
   * (browsers revalidate, cheaply, with the handler's Last-Modified), and the media types the
   * browser needs (a module must be JavaScript). The API's CSP forbids scripts: not here, where
   * the page runs its own.
   */
  private void fileHeaders(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> {
      HttpServerResponse response = ctx.response();
      if (response.getStatusCode() >= 400) {
        return;
      }
      responses.common(response);
      MultiMap headers = response.headers();
      headers.remove(Headers.CSP_NAME);
      headers.set(Headers.CACHE_CONTROL, NO_CACHE);
      String type = mediaType(ctx.normalizedPath());
      if (type != null) {
        headers.set(Headers.CONTENT_TYPE, type);
      }
    });
  }

  /** The media type of a client file by its name, or null to keep the handler's guess. */
  static String mediaType(String path) {
    if (path.endsWith("/") || path.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (path.endsWith(".js") || path.endsWith(".mjs")) {
      return "text/javascript; charset=utf-8";
    } else if (path.endsWith(".d.ts")) {
      return "text/plain; charset=utf-8";
    } else if (path.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (path.endsWith(".webm")) {
      return "video/webm";
    }
    return null;
  }
}
