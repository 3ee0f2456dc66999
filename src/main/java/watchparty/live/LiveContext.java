package watchparty.live;

import java.util.Set;
import watchparty.http.Responses;
import watchparty.http.StatusIntake;
import watchparty.metrics.ServiceMetrics;
import watchparty.store.StatusStore;
import watchparty.time.Clock;

/**
 * What a live connection of one event loop works with, all of it that loop's own.
 *
 * @param open the loop's open connections: a session joins as it subscribes and leaves as it ends
 * @param queueBytes the outgoing queue of one connection, past which its consumer is too slow
 * @param heartbeatIntervalMs between two pings; a WebSocket silent for two of them is closed
 */
record LiveContext(
    StatusStore store,
    Clock clock,
    ServiceMetrics metrics,
    Responses responses,
    StatusIntake intake,
    LiveEncoder encoder,
    Set<LiveSession> open,
    int queueBytes,
    long heartbeatIntervalMs) {
}
