package watchparty.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import watchparty.live.SocketMessage.Ping;
import watchparty.live.SocketMessage.Refused;
import watchparty.live.SocketMessage.Status;
import watchparty.status.StatusParser;
import watchparty.status.StatusReport;

/** What a socket makes of a client's text message, without a socket. */
class SocketMessageReaderTest {
  private static SocketMessage read(String text) {
    return SocketMessageReader.read(text, "R", "ann");
  }

  private static String body(SocketMessage message) {
    return new String(assertInstanceOf(Status.class, message).body(), StandardCharsets.UTF_8);
  }

  private static String refusal(SocketMessage message) {
    return assertInstanceOf(Refused.class, message).reason();
  }

  @Test
  void aPingCarriesANumberT0() {
    assertEquals(new Ping(123456), read("{\"type\":\"ping\",\"t0\":123456}"));
    assertEquals(new Ping(1500.25), read(" {\"t0\":1.50025e3, \"type\":\"ping\"} "));
    assertEquals(new Ping(1), read("{\"type\":\"ping\",\"t0\":1} anything after the message is ignored"));
    assertEquals(new Ping(2), read("{\"type\":\"ping\",\"t0\":\"x\",\"t0\":2}"), "a field given twice counts as its last");
    for (String bad : List.of("{\"type\":\"ping\"}", "{\"type\":\"ping\",\"t0\":\"1\"}", "{\"type\":\"ping\",\"t0\":null}",
        "{\"type\":\"ping\",\"t0\":1e999}", "{\"type\":\"ping\",\"t0\":[1]}")) {
      assertSame(SocketMessageReader.T0_NOT_A_NUMBER, read(bad), bad);
    }
  }

  @Test
  void malformedJsonComesBeforeEveryOtherRefusal() {
    for (String bad : List.of("{not json", "{\"type\":\"ping\"", "[1,", "\"unterminated", "tru", "{\"type\":\"status\",\"x\":\"abc}",
        "{\"type\":\"status\",\"roomCode\":\"elsewhere\",\"x\":01}", "\uFEFF{\"type\":\"ping\",\"t0\":1}", "{'type':'ping'}",
        "{\"type\":\"ping\",\"t0\":1,}", "{\"a\":\"\\q\"}")) {
      assertSame(SocketMessageReader.INVALID_JSON, read(bad), bad);
    }
    for (String notAnObject : List.of("", "   ", "null", "[1,2]", "\"text\"", "12", "true")) {
      assertSame(SocketMessageReader.NOT_AN_OBJECT, read(notAnObject), notAnObject);
    }
    for (String unknown : List.of("{}", "{\"type\":\"nope\"}", "{\"type\":5}", "{\"type\":null}", "{\"t0\":1}",
        "{\"type\":\"status\",\"type\":{\"a\":1}}", "{\"type\":\"STATUS\"}")) {
      assertSame(SocketMessageReader.UNKNOWN_TYPE, read(unknown), unknown);
    }
  }

  @Test
  void aStatusIsItsOwnTextWithTheSocketsRoomAndUserFilledIn() {
    assertEquals("{\"type\":\"status\",\"player\":{\"time\":5},\"roomCode\":\"R\",\"userId\":\"ann\"}",
        body(read("{\"type\":\"status\",\"player\":{\"time\":5}}")));
    assertEquals("{\"type\":\"status\",\"roomCode\":\"R\",\"userId\":\"ann\",\"isHost\":true}",
        body(read("  {\"type\":\"status\",\"roomCode\":\"R\",\"userId\":\"ann\",\"isHost\":true}  {\"next\":1}")),
        "what the client sent, and only that");
    assertEquals("{\"type\":\"status\",\"roomCode\":null,\"userId\":null ,\"roomCode\":\"R\",\"userId\":\"ann\"}",
        body(read("{\"type\":\"status\",\"roomCode\":null,\"userId\":null }")), "a null is filled in as an absent id");
    assertEquals("{\"type\":\"status\",\"content\":{\"title\":\"Té 😀\"},\"roomCode\":\"R\"}",
        new String(assertInstanceOf(Status.class, SocketMessageReader.read(
            "{\"type\":\"status\",\"content\":{\"title\":\"Té 😀\"}}", "R", null)).body(), StandardCharsets.UTF_8),
        "a socket without a user fills in only its room");
    assertEquals("{\"type\":\"status\",\"roomCode\":\"R\\\"1\",\"userId\":\"a\\\\b\"}",
        new String(assertInstanceOf(Status.class, SocketMessageReader.read("{\"type\":\"status\"}", "R\"1", "a\\b")).body(),
            StandardCharsets.UTF_8));
  }

  @Test
  void theFilledInStatusReadsAsThePostOfTheSameStatus() {
    StatusReport report = new StatusParser().parse(
        assertInstanceOf(Status.class, read("{\"type\":\"status\",\"roomCode\":null,\"player\":{\"time\":7}}")).body(), 1000);
    assertEquals("ann", report.userId());
    assertEquals("R", report.roomCode());
    assertEquals(7.0, report.status().time());
  }

  @Test
  void anotherRoomOrUserIsRefusedBeforeTheStatusIsRead() {
    assertEquals("roomCode must be this socket's (R)", refusal(read("{\"type\":\"status\",\"roomCode\":\"elsewhere\"}")));
    assertEquals("roomCode must be this socket's (R)",
        refusal(read("{\"type\":\"status\",\"player\":{\"time\":\"x\"},\"roomCode\":\"\"}")));
    assertEquals("userId must be this socket's (ann)", refusal(read("{\"type\":\"status\",\"userId\":\"bob\"}")));
    assertEquals("roomCode must be this socket's (R)",
        refusal(read("{\"type\":\"status\",\"userId\":\"bob\",\"roomCode\":\"S\"}")), "the room is checked first");
    assertEquals("{\"type\":\"status\",\"roomCode\":5,\"userId\":\"ann\"}", body(read("{\"type\":\"status\",\"roomCode\":5}")),
        "an id of another type is left to the status's own rules");
    assertEquals("{\"type\":\"status\",\"userId\":\"bob\",\"roomCode\":\"R\"}",
        body(SocketMessageReader.read("{\"type\":\"status\",\"userId\":\"bob\"}", "R", null)), "a socket without a user");
  }
}
