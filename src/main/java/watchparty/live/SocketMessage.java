package watchparty.live;

/**
 * What a WebSocket client's text message asks for, as {@link SocketMessageReader} reads it:
 * {"type":"ping","t0":clientMs} or {"type":"status", ...a POST body...}, or why neither.
 */
sealed interface SocketMessage {
  /** A clock-sync request: t0 is the client's send time. */
  record Ping(double t0) implements SocketMessage {
  }

  /** A status to take in, as the JSON of a POST body with the socket's room and user filled in. */
  record Status(byte[] body) implements SocketMessage {
  }

  /** A message that cannot be acted on; the reason is sent back to the client. */
  record Refused(String reason) implements SocketMessage {
  }
}
