package watchparty.logs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import watchparty.json.JsonWriter;

/** One JSON object a line: time, level, logger, message, and the error with its trace if any. */
public final class JsonLogFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    JsonWriter w = new JsonWriter(256);
    w.raw(JsonWriter.bytes("{\"time\":")).string(Instant.ofEpochMilli(record.getMillis()).toString())
        .raw(JsonWriter.bytes(",\"level\":")).string(record.getLevel().getName())
        .raw(JsonWriter.bytes(",\"logger\":")).string(String.valueOf(record.getLoggerName()))
        .raw(JsonWriter.bytes(",\"message\":")).string(formatMessage(record));
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      w.raw(JsonWriter.bytes(",\"error\":")).string(trace.toString());
    }
    return w.raw('}').toString() + System.lineSeparator();
  }
}
