package watchparty.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded random statuses: a valid one, then one mutation of it (a field's type changed, a field
 * removed or added, nesting, extreme numbers and strings, or the bytes cut short). The same seed
 * gives the same bodies, so a failure is reproduced by its seed.
 */
public final class StatusMutations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] PATHS = {"userId", "roomCode", "isHost", "content", "player", "content.title",
      "content.type", "content.tmdbId", "content.seasonId", "content.episodeId", "content.seasonNumber",
      "content.episodeNumber", "player.isPlaying", "player.isPaused", "player.isLoading", "player.hasPlayedOnce",
      "player.time", "player.duration", "player.volume", "player.playbackRate", "player.buffered"};

  private final RandomGenerator random;

  public StatusMutations(RandomGenerator random) {
    this.random = random;
  }

  public ObjectNode valid(String userId, String roomCode) {
    ObjectNode s = NODES.objectNode().put("userId", userId).put("roomCode", roomCode).put("isHost", random.nextBoolean());
    s.putObject("content").put("title", "Film " + random.nextInt(100)).put("type", "movie").put("tmdbId", random.nextInt(1_000_000));
    s.putObject("player").put("isPlaying", random.nextBoolean()).put("isPaused", random.nextBoolean())
        .put("time", random.nextDouble() * 7200).put("duration", 7200.0).put("volume", random.nextDouble())
        .put("playbackRate", 0.5 + random.nextDouble()).put("buffered", random.nextDouble() * 60);
    return s;
  }

  /** One mutation of a valid status, as the bytes a client would send. */
  public byte[] mutate(ObjectNode valid) {
    ObjectNode s = valid.deepCopy();
    String path = PATHS[random.nextInt(PATHS.length)];
    ObjectNode parent = s;
    String field = path;
    int dot = path.indexOf('.');
    if (dot > 0) {
      JsonNode p = s.get(path.substring(0, dot));
      if (!(p instanceof ObjectNode o)) {
        return bytes(s);
      }
      parent = o;
      field = path.substring(dot + 1);
    }
    switch (random.nextInt(6)) {
      case 0 -> parent.set(field, randomValue(0));
      case 1 -> parent.remove(field);
      case 2 -> parent.set("extra" + random.nextInt(3), randomValue(random.nextInt(4)));
      case 3 -> parent.set(field, extreme());
      case 4 -> {
        byte[] all = bytes(s);
        return java.util.Arrays.copyOf(all, random.nextInt(all.length)); // cut short
      }
      default -> parent.set(field, NODES.nullNode());
    }
    return bytes(s);
  }

  private JsonNode randomValue(int depth) {
    return switch (random.nextInt(depth > 0 ? 7 : 5)) {
      case 0 -> NODES.textNode(text());
      case 1 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.numberNode(random.nextLong());
      case 4 -> NODES.nullNode();
      case 5 -> {
        ArrayNode a = NODES.arrayNode();
        a.add(randomValue(depth - 1));
        yield a;
      }
      default -> NODES.objectNode().set("k", randomValue(depth - 1));
    };
  }

  private JsonNode extreme() {
    List<JsonNode> values = new ArrayList<>(List.of(NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(1e308),
        NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(40))),
        NODES.textNode(""), NODES.textNode("x".repeat(200)), NODES.textNode("\u0000\u0007"), NODES.textNode("\ud800"),
        NODES.textNode("caf\u00e9 \ud83c\udfac"), NODES.textNode("NaN")));
    return values.get(random.nextInt(values.size()));
  }

  private String text() {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x3000)));
    }
    return b.toString();
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
