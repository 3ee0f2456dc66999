package watchparty.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StatusParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StatusParser parser = new StatusParser();

  private StatusReport parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), 1000L);
  }

  private InvalidStatusException rejected(String json) {
    return assertThrows(InvalidStatusException.class, () -> parse(json));
  }

  @Test
  void readsAFullStatus() {
    StatusReport r = parse("""
        {"userId":"alice","roomCode":"R1","isHost":true,
         "content":{"title":"Big Buck Bunny","type":"episode","tmdbId":10378,"seasonId":"s11","episodeId":12.5,
                    "seasonNumber":1,"episodeNumber":null},
         "player":{"isPlaying":true,"isPaused":false,"isLoading":true,"hasPlayedOnce":true,"time":12.5,
                   "duration":596.5,"volume":0.75,"playbackRate":1.25,"buffered":42.5}}""");
    assertEquals("alice", r.userId());
    assertEquals("R1", r.roomCode());
    PlayerStatus s = r.status();
    assertEquals(1000L, s.timestamp());
    assertTrue(s.isHost() && s.isPlaying() && !s.isPaused() && s.isLoading() && s.hasPlayedOnce());
    assertEquals(12.5, s.time());
    assertEquals(596.5, s.duration());
    assertEquals(0.75, s.volume());
    assertEquals(1.25, s.playbackRate());
    assertEquals(42.5, s.buffered());
    Content c = s.content();
    assertEquals("Big Buck Bunny", c.title());
    assertEquals(10378L, c.tmdbId());
    assertEquals("s11", c.seasonId());
    assertEquals(12.5, c.episodeId());
    assertEquals(1L, c.seasonNumber());
    assertSame(Content.NULL, c.episodeNumber());
    assertEquals("{\"title\":\"Big Buck Bunny\",\"type\":\"episode\",\"tmdbId\":10378,\"seasonId\":\"s11\","
        + "\"episodeId\":12.5,\"seasonNumber\":1,\"episodeNumber\":null}", c.toString());
  }

  @Test
  void fillsTheSeedDefaults() {
    PlayerStatus s = parse("{\"userId\":\"bob\",\"roomCode\":\"R\",\"content\":{\"title\":\"\"},\"player\":{\"playbackRate\":0,\"time\":null}}").status();
    assertFalse(s.isHost() || s.isPlaying() || s.isPaused() || s.isLoading() || s.hasPlayedOnce());
    assertEquals(0, s.time());
    assertEquals(1, s.playbackRate());
    assertSame(Content.DEFAULT, s.content());
    assertEquals("{\"title\":\"Unknown\",\"type\":\"Unknown\"}", s.content().toString());
  }

  @Test
  void ignoresUnknownFieldsAsTheSeedDoes() {
    assertEquals("u", parse("{\"userId\":\"u\",\"roomCode\":\"r\",\"extra\":[1,2],\"more\":{\"a\":1}}").userId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"userId\":\"a\"}", "{\"roomCode\":\"r\"}", "{\"userId\":\"\",\"roomCode\":\"r\"}",
      "{\"userId\":\"a\",\"roomCode\":null}", "null", ""})
  void reportsMissingIdsInTheSeedsWords(String json) {
    InvalidStatusException e = rejected(json);
    assertTrue(e.isMissingFields());
    assertEquals("Missing required fields: userId, roomCode", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "player.time       | {\"player\":{\"time\":\"twelve\"}}",
      "player.time       | {\"player\":{\"time\":-1}}",
      "player.time       | {\"player\":{\"time\":1e999}}",
      "player.duration   | {\"player\":{\"duration\":-0.5}}",
      "player.volume     | {\"player\":{\"volume\":true}}",
      "player.buffered   | {\"player\":{\"buffered\":[]}}",
      "player.playbackRate | {\"player\":{\"playbackRate\":-1}}",
      "player.isPlaying  | {\"player\":{\"isPlaying\":\"yes\"}}",
      "player.hasPlayedOnce | {\"player\":{\"hasPlayedOnce\":1}}",
      "player            | {\"player\":[1,2]}",
      "content           | {\"content\":\"movie\"}",
      "content.title     | {\"content\":{\"title\":42}}",
      "content.type      | {\"content\":{\"type\":{}}}",
      "content.tmdbId    | {\"content\":{\"tmdbId\":true}}",
      "content.seasonNumber | {\"content\":{\"seasonNumber\":\"one\"}}",
      "isHost            | {\"isHost\":\"true\"}",
      "userId            | {\"userId\":17}",
      "roomCode          | {\"roomCode\":[\"a\"]}",
  })
  void namesTheWronglyTypedField(String field, String extra) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("userId", "carol").put("roomCode", "R");
    body.setAll((ObjectNode) JSON.readTree(extra));
    InvalidStatusException e = rejected(body.toString());
    assertFalse(e.isMissingFields());
    assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{bad", "{\"userId\"", "{\"userId\": \"a\", \"roomCode\": }", "\u00ff\u00fe", "{\"userId\":\"a\",\"roomCode\":\"r\"} x"})
  void refusesMalformedJson(String raw) {
    assertTrue(rejected(raw).getMessage().startsWith("Invalid JSON body"), raw);
  }

  @Test
  void refusesANonObjectBody() {
    assertEquals("The body must be a JSON object", rejected("[1]").getMessage());
    assertEquals("The body must be a JSON object", rejected("\"x\"").getMessage());
  }

  @Test
  void refusesNestingDeeperThanTheSchema() {
    assertTrue(rejected("{\"userId\":\"a\",\"roomCode\":\"r\",\"x\":{\"y\":{\"z\":1}}}").getMessage().contains("nests deeper"));
    assertTrue(rejected("{\"userId\":\"a\",\"roomCode\":\"r\",\"content\":{\"x\":[1]}}").getMessage().contains("nests deeper"));
    assertTrue(rejected("{\"a\":" + "[".repeat(10000)).getMessage().contains("nests deeper"));
  }

  @Test
  void checksIdLengthAndControlCharacters() {
    assertTrue(rejected("{\"userId\":\"" + "u".repeat(129) + "\",\"roomCode\":\"r\"}").getMessage().startsWith("userId must be 1 to 128"));
    assertEquals("u".repeat(128), parse("{\"userId\":\"" + "u".repeat(128) + "\",\"roomCode\":\"r\"}").userId());
    assertTrue(rejected("{\"userId\":\"a\",\"roomCode\":\"r\\n1\"}").getMessage().startsWith("roomCode must not contain control"));
    assertEquals("team:blue", parse("{\"userId\":\"team:blue\",\"roomCode\":\"r\"}").userId());
  }

  @Test
  void readsSampledAtAsTheServerClockInstantOfTheTime() {
    PlayerStatus s = parse("{\"userId\":\"a\",\"roomCode\":\"r\",\"player\":{\"time\":3,\"sampledAt\":987.25}}").status();
    assertTrue(s.hasSampledAt());
    assertEquals(987.25, s.sampledAt());
    assertEquals(1000L, s.timestamp(), "the receipt time stays the timestamp");
    assertTrue(parse("{\"userId\":\"a\",\"roomCode\":\"r\",\"player\":{\"sampledAt\":61000}}").status().hasSampledAt(),
        "60 s after receipt is still inside the window");
    assertTrue(parse("{\"userId\":\"a\",\"roomCode\":\"r\",\"player\":{\"sampledAt\":-59000}}").status().hasSampledAt(),
        "60 s before receipt is still inside the window");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"time\":3}", "{\"time\":3,\"sampledAt\":null}"})
  void anAbsentOrNullSampledAtIsNotGiven(String player) {
    PlayerStatus s = parse("{\"userId\":\"a\",\"roomCode\":\"r\",\"player\":" + player + "}").status();
    assertFalse(s.hasSampledAt());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "player.sampledAt must be a number | \"999\"",
      "player.sampledAt must be a number | true",
      "player.sampledAt must be a number | {}",
      "player.sampledAt must be a finite number | 1e999",
      "player.sampledAt must be within 60 s of the server's clock (x-server-time) | 61001",
      "player.sampledAt must be within 60 s of the server's clock (x-server-time) | -59001",
      "player.sampledAt must be within 60 s of the server's clock (x-server-time) | 1800000000000",
  })
  void refusesASampledAtThatIsNotANumberNearTheServersClock(String message, String value) {
    assertEquals(message, rejected("{\"userId\":\"a\",\"roomCode\":\"r\",\"player\":{\"sampledAt\":" + value + "}}")
        .getMessage());
  }

  @Test
  void aStatusIsWrittenWithSampledAtAfterBufferedOnlyWhenItWasGiven() {
    String without = "{\"userId\":\"a\",\"roomCode\":\"r\",\"isHost\":false,\"content\":{\"title\":\"Unknown\","
        + "\"type\":\"Unknown\"},\"player\":{\"isPlaying\":true,\"isPaused\":false,\"isLoading\":false,"
        + "\"hasPlayedOnce\":false,\"time\":3.5,\"duration\":0,\"volume\":0,\"playbackRate\":1,\"buffered\":2";
    PlayerStatus plain = parse("{\"userId\":\"a\",\"roomCode\":\"r\",\"player\":{\"isPlaying\":true,\"time\":3.5,"
        + "\"buffered\":2}}").status();
    assertEquals(without + "},\"timestamp\":1000}", StatusJson.status(new watchparty.json.JsonWriter(), "a", "r", plain)
        .toString(), "the seed's shape, byte for byte");
    PlayerStatus sampled = parse("{\"userId\":\"a\",\"roomCode\":\"r\",\"player\":{\"isPlaying\":true,\"time\":3.5,"
        + "\"buffered\":2,\"sampledAt\":990.5}}").status();
    assertEquals(without + ",\"sampledAt\":990.5},\"timestamp\":1000}",
        StatusJson.status(new watchparty.json.JsonWriter(), "a", "r", sampled).toString());
  }

  @Test
  void parsesInPlaceFromAnOffset() {
    byte[] bytes = "xx{\"userId\":\"a\",\"roomCode\":\"r\"}yy".getBytes(StandardCharsets.UTF_8);
    assertEquals("r", parser.parse(bytes, 2, bytes.length - 4, 5).roomCode());
  }
}
