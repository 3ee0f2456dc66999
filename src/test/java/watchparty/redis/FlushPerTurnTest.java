package watchparty.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.support.RedisServer;

/** The commands of one event-loop turn reach Redis in one write, each still with its own reply. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlushPerTurnTest {
  private static final int COMMANDS = 50;
  private RedisServer redis;
  private Vertx vertx;
  private Redis client;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
    vertx = Vertx.vertx();
    client = Redis.createClient(vertx, redis.url());
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void oneTurnsCommandsArriveTogetherAndAFailedOneFailsAlone() throws Exception {
    // made on a loop's context, as the store makes its connections, and used from it
    Context loop = vertx.getOrCreateContext();
    Promise<RedisConnection> connected = Promise.promise();
    loop.runOnContext(v -> client.connect().onComplete(connected));
    RedisConnection connection = connected.future().await(10, TimeUnit.SECONDS);
    assertTrue(FlushPerTurn.install(connection), "the client's socket was not reachable");
    client.send(Request.cmd(Command.SET).arg("text").arg("not a number")).await(10, TimeUnit.SECONDS);
    long readsBefore = readsProcessed();

    Promise<List<Future<Response>>> sent = Promise.promise();
    loop.runOnContext(v -> {
      List<Future<Response>> replies = new ArrayList<>();
      for (int i = 0; i < COMMANDS; i++) {
        replies.add(i == COMMANDS / 2
            ? connection.send(Request.cmd(Command.INCR).arg("text"))
            : connection.send(Request.cmd(Command.INCR).arg("counter")));
      }
      sent.complete(replies);
    });
    List<Future<Response>> replies = sent.future().await(10, TimeUnit.SECONDS);
    Future.join(replies).otherwiseEmpty().await(10, TimeUnit.SECONDS);

    long expected = 0;
    for (int i = 0; i < COMMANDS; i++) {
      Future<Response> reply = replies.get(i);
      if (i == COMMANDS / 2) {
        assertTrue(reply.failed(), "INCR of a string should fail");
      } else {
        assertEquals(++expected, reply.result().toLong(), "reply " + i + " out of order");
      }
    }
    // this turn's 50 commands, and the INFO asking: a write each, not one per command
    long reads = readsProcessed() - readsBefore;
    assertTrue(reads <= 3, COMMANDS + " commands of one turn took " + reads + " reads in Redis");
  }

  private long readsProcessed() throws Exception {
    String info = client.send(Request.cmd(Command.INFO).arg("stats")).await(10, TimeUnit.SECONDS).toString();
    for (String line : info.split("\r\n")) {
      if (line.startsWith("total_reads_processed:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new AssertionError("no total_reads_processed in INFO stats");
  }
}
