package watchparty.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit. A declared Content-Length over the limit is refused before
 * a byte is read; a streamed body is refused as soon as it passes the limit, so an oversized
 * body is never held whole.
 */
final class BodyReader implements Handler<Buffer> {
  private final Promise<Buffer> body = Promise.promise();
  private final int limit;
  private Buffer received;
  private boolean refused;
  /** Whether received is a buffer of this reader's own, safe to append to. */
  private boolean owned;

  private BodyReader(int limit) {
    this.limit = limit;
  }

  static Future<Buffer> read(HttpServerRequest request, int limit) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && isOver(declared, limit)) {
      return Future.failedFuture(tooLarge(limit));
    }
    BodyReader reader = new BodyReader(limit);
    request.handler(reader);
    request.endHandler(v -> reader.end());
    request.exceptionHandler(reader.body::tryFail);
    request.resume();
    return reader.body.future();
  }

  private static boolean isOver(String declared, int limit) {
    try {
      return Long.parseLong(declared.trim()) > limit;
    } catch (NumberFormatException e) {
      return false; // the HTTP codec rejects a malformed length itself
    }
  }

  static ApiError tooLarge(int limit) {
    return new ApiError(413, "Payload Too Large", "The request body is larger than " + limit + " bytes");
  }

  @Override
  public void handle(Buffer chunk) {
    if (refused) {
      return;
    }
    int size = (received == null ? 0 : received.length()) + chunk.length();
    if (size > limit) {
      refused = true;
      received = null;
      body.tryFail(tooLarge(limit));
    } else if (received == null) {
      received = chunk; // the usual case: the whole body in one chunk, used as it is
    } else {
      if (!owned) {
        received = Buffer.buffer(Math.min(limit, size * 2)).appendBuffer(received);
        owned = true;
      }
      received.appendBuffer(chunk);
    }
  }

  private void end() {
    if (!refused) {
      body.tryComplete(received == null ? Buffer.buffer() : received);
    }
  }
}
