package watchparty.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the test controls every byte it sends (malformed paths, heads
 * over the limit, handshakes) and sees the answer as the wire carries it, headers and all.
 */
final class RawHttp {
  private RawHttp() {
  }

  /** One answer: status, reason phrase, headers by lower-case name, body. */
  record Answer(int status, String reason, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + reason + " " + headers + " " + (body.length > 300 ? text().substring(0, 300) + "..." : text());
    }
  }

  /** A request: method, target (path and query, sent as they are), extra headers, body (or null). */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    static Request of(String method, String target) {
      return new Request(method, target, new LinkedHashMap<>(), null);
    }

    Request header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Request body(String json) {
      return new Request(method, target, headers, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Sends the request on its own connection and reads the whole answer. */
  static Answer exchange(int port, Request request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = socket.getOutputStream();
      out.write(head(port, request));
      if (request.body() != null) {
        try {
          out.write(request.body());
        } catch (IOException e) {
          // a body refused by its declared length: the answer is already on its way
        }
      }
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      Answer head = readHead(in);
      return new Answer(head.status(), head.reason(), head.headers(), readBody(in, request.method(), head));
    }
  }

  static byte[] head(int port, Request request) {
    StringBuilder b = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n");
    boolean connection = false;
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      connection |= h.getKey().equalsIgnoreCase("connection");
    }
    if (request.body() != null && !request.headers().containsKey("Content-Length")) {
      b.append("Content-Length: ").append(request.body().length).append("\r\n");
    }
    if (!connection) {
      b.append("Connection: close\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The status line and headers; the body is left in the stream. */
  static Answer readHead(DataInputStream in) throws IOException {
    String status = readLine(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return new Answer(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, new byte[0]);
  }

  private static byte[] readBody(DataInputStream in, String method, Answer head) throws IOException {
    int status = head.status();
    if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
      return new byte[0];
    }
    if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] chunk;
      while ((chunk = readChunk(in)).length > 0) {
        body.write(chunk);
      }
      return body.toByteArray();
    }
    String length = head.header("content-length");
    if (length != null) {
      byte[] body = new byte[Integer.parseInt(length)];
      in.readFully(body);
      return body;
    }
    return in.readAllBytes(); // the connection is closed after it
  }

  /** One chunk of a chunked body; empty at its end. */
  static byte[] readChunk(DataInputStream in) throws IOException {
    int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
    byte[] chunk = new byte[size];
    in.readFully(chunk);
    readLine(in);
    return chunk;
  }

  static String readLine(DataInputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("the connection closed after: " + b);
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /**
   * A Server-Sent Events stream read from a plain socket: what the server sends waits in the
   * socket until read, so nothing is missed. Frames come back as their raw text.
   */
  static final class EventStream implements AutoCloseable {
    final Answer head;
    /** Everything the stream carried so far, as text. */
    final StringBuilder seen = new StringBuilder();
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final StringBuilder pending = new StringBuilder();

    EventStream(int port, Request request) throws IOException {
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      request.headers().putIfAbsent("Connection", "keep-alive");
      socket.getOutputStream().write(head(port, request));
      in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      head = readHead(in);
    }

    /** The next frame (an event or a comment, without its blank line), or the retry line first. */
    String nextFrame() throws IOException {
      int end;
      while ((end = pending.indexOf("\n\n")) < 0) {
        byte[] chunk = readChunk(in);
        if (chunk.length == 0) {
          throw new EOFException("the stream ended");
        }
        pending.append(new String(chunk, StandardCharsets.UTF_8));
      }
      String frame = pending.substring(0, end);
      pending.delete(0, end + 2);
      seen.append(frame).append("\n\n");
      return frame;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
