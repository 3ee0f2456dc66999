package watchparty.http;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import watchparty.status.InvalidStatusException;
import watchparty.status.StatusParser;
import watchparty.status.StatusReport;
import watchparty.store.StatusStore;

/**
 * The one way a status comes in, whether POSTed or sent on a WebSocket: read and checked by
 * {@link StatusParser}, charged to its user's budget, then stored. The outcome is the stored
 * status's timestamp, or the failure that refused it (an {@link InvalidStatusException}, the
 * budget's 429 {@link ApiError}, or the store's own); each transport answers it in its own form.
 * One instance per event loop.
 */
public final class StatusIntake {
  private final StatusParser parser = new StatusParser();
  private final StatusStore store;
  private final RateLimits limits;

  public StatusIntake(StatusStore store, RateLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  /** A received body, parsed in place when its bytes are on the heap, else from a copy. */
  public Future<Long> accept(Buffer body, long receivedAt) {
    ByteBuf bytes = ((BufferInternal) body).getByteBuf();
    if (bytes.hasArray()) {
      return accept(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes(), receivedAt);
    }
    byte[] copy = body.getBytes();
    return accept(copy, 0, copy.length, receivedAt);
  }

  /** The status JSON in body[offset, offset + length), received (and so timestamped) at receivedAt. */
  public Future<Long> accept(byte[] body, int offset, int length, long receivedAt) {
    StatusReport report;
    try {
      report = parser.parse(body, offset, length, receivedAt);
    } catch (InvalidStatusException e) {
      return Future.failedFuture(e);
    }
    ApiError limited = limits.checkUser(report.userId());
    if (limited != null) {
      return Future.failedFuture(limited);
    }
    long timestamp = report.status().timestamp();
    return store.append(report).map(v -> timestamp);
  }
}
