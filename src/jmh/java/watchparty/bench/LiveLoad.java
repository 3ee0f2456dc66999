package watchparty.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Load for the live feed, against a running service (src/bench/live.sh starts one):
 * <ul>
 *   <li>{@code fanout PORT [LISTENERS] [STATUSES]}: one host socket sends statuses to a room
 *   followed by LISTENERS sockets; prints the delivery latency percentiles (send to receipt, one
 *   clock: sender and listeners share this process).</li>
 *   <li>{@code scale PORT [SOCKETS] [ROOMS] [SECONDS]}: SOCKETS sockets over ROOMS rooms, each
 *   room's host (one of them) sending a status every second; prints what was sent, delivered,
 *   and every error: connect failures, closes the client did not ask for, error messages.</li>
 * </ul>
 */
public final class LiveLoad {
  private LiveLoad() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(30_000));
    try {
      if (args[0].equals("fanout")) {
        fanout(client, port, arg(args, 2, 100), arg(args, 3, 500));
      } else {
        scale(vertx, client, port, arg(args, 2, 10_000), arg(args, 3, 2_000), arg(args, 4, 60));
      }
    } finally {
      client.close();
      vertx.close();
    }
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  /** Connects a socket; its handlers are given first, so that no frame arrives before them. */
  private static Future<WebSocket> connect(WebSocketClient client, int port, String query,
      Consumer<ClientWebSocket> handlers) {
    ClientWebSocket ws = client.webSocket();
    handlers.accept(ws);
    return ws.connect(port, "127.0.0.1", "/api/player/ws?" + query);
  }

  private static void fanout(WebSocketClient client, int port, int listeners, int statuses) throws Exception {
    String room = "FAN" + System.nanoTime();
    long[] sentAt = new long[statuses];
    long[] latencies = new long[listeners * statuses];
    AtomicLong received = new AtomicLong();
    AtomicLong closed = new AtomicLong();
    List<Future<WebSocket>> opened = new ArrayList<>();
    for (int i = 0; i < listeners; i++) {
      opened.add(connect(client, port, "roomCode=" + room, ws -> ws.closeHandler(v -> closed.incrementAndGet())
          .textMessageHandler(text -> {
            long now = System.nanoTime();
            JsonObject m = new JsonObject(text);
            if ("status".equals(m.getString("type"))) {
              int k = (int) m.getJsonObject("status").getJsonObject("player").getDouble("time").doubleValue();
              if (k >= sentAt.length) {
                return; // warm-up
              }
              int slot = (int) received.getAndIncrement();
              if (slot < latencies.length) {
                latencies[slot] = now - sentAt[k];
              }
            }
          })));
    }
    Future.all(opened).await(60, TimeUnit.SECONDS);
    AtomicReference<String> hostState = new AtomicReference<>("open");
    WebSocket host = connect(client, port, "roomCode=" + room + "&userId=host",
        ws -> ws.closeHandler(v -> hostState.set("closed " + ws.closeStatusCode() + " " + ws.closeReason())))
        .await(10, TimeUnit.SECONDS);
    Thread.sleep(500);
    // warm-up: the same traffic at the same pace, unmeasured, so both JITs have compiled the path
    // (faster, this process could not read 100 sockets' messages in time, and the service closed
    // its slowest sockets as slow consumers)
    for (int k = 0; k < 500; k++) {
      host.writeTextMessage("{\"type\":\"status\",\"isHost\":true,\"player\":{\"isPlaying\":true,\"time\":999999}}");
      Thread.sleep(10);
    }
    Thread.sleep(1000);
    for (int k = 0; k < statuses; k++) {
      sentAt[k] = System.nanoTime();
      host.writeTextMessage("{\"type\":\"status\",\"isHost\":true,\"player\":{\"isPlaying\":true,\"time\":" + k + "}}");
      Thread.sleep(10);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (received.get() < (long) listeners * statuses && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    int n = (int) Math.min(received.get(), latencies.length);
    long[] got = Arrays.copyOf(latencies, n);
    Arrays.sort(got);
    System.out.printf("fanout: %d listeners x %d statuses: %d of %d delivered; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
            + " listeners closed by the service: %d, host: %s%n",
        listeners, statuses, n, listeners * statuses, pct(got, 50), pct(got, 99), got.length == 0 ? 0 : got[got.length - 1] / 1e6,
        closed.get(), hostState.get());
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
  }

  private static void scale(Vertx vertx, WebSocketClient client, int port, int sockets, int rooms, int seconds)
      throws Exception {
    AtomicLongArray counts = new AtomicLongArray(5); // delivered, sent, errors, unexpected closes, connect failures
    String prefix = "S" + System.nanoTime() + "-";
    List<WebSocket> hosts = new ArrayList<>();
    List<Future<WebSocket>> opened = new ArrayList<>();
    int perRoom = sockets / rooms;
    long start = System.currentTimeMillis();
    for (int i = 0; i < sockets; i++) {
      int room = i % rooms;
      boolean host = i < rooms;
      String query = "roomCode=" + prefix + room + (host ? "&userId=host" + room : "");
      Future<WebSocket> f = connect(client, port, query, ws -> {
        ws.textMessageHandler(text -> {
          if (text.startsWith("{\"type\":\"status\"")) {
            counts.incrementAndGet(0);
          } else if (text.startsWith("{\"type\":\"error\"")) {
            counts.incrementAndGet(2);
          }
        });
        ws.closeHandler(v -> counts.incrementAndGet(3));
      }).onFailure(e -> counts.incrementAndGet(4));
      opened.add(f);
      if (host) {
        f.onSuccess(ws -> {
          synchronized (hosts) {
            hosts.add(ws);
          }
        });
      }
      if (i % 500 == 499) { // connect in waves, as clients arrive
        Future.join(opened.subList(opened.size() - 500, opened.size())).await(60, TimeUnit.SECONDS);
      }
    }
    Future.join(opened).await(120, TimeUnit.SECONDS);
    System.out.printf("scale: %d sockets open in %d rooms (%d per room) after %d ms, %d failed to connect%n",
        sockets - counts.get(4), rooms, perRoom, System.currentTimeMillis() - start, counts.get(4));
    long timer = vertx.setPeriodic(1000, id -> {
      synchronized (hosts) {
        for (WebSocket ws : hosts) {
          ws.writeTextMessage("{\"type\":\"status\",\"isHost\":true,\"player\":{\"isPlaying\":true,\"time\":1}}");
          counts.incrementAndGet(1);
        }
      }
    });
    Thread.sleep(seconds * 1000L);
    vertx.cancelTimer(timer);
    Thread.sleep(2000);
    long sent = counts.get(1);
    System.out.printf("scale: %d s, %d statuses sent, %d delivered (expected %d), %d error messages, %d unexpected closes%n",
        seconds, sent, counts.get(0), sent * perRoom, counts.get(2), counts.get(3));
  }
}
