package watchparty.status;

import java.util.Objects;
import watchparty.json.JsonWriter;

/**
 * What is on screen. Ids keep the JSON type they were sent with (clients compare them with
 * {@code !==}): a {@link String}, a {@link Long}, a {@link Double}, {@link #NULL} for an explicit
 * null, or Java null when absent (then left out of the JSON). The encoded JSON is built once,
 * when first needed: one content object is shared by every status of a room that shows the
 * same thing, and a posted content equal to the room's is dropped without ever being encoded.
 */
public final class Content {
  /** An id sent as JSON null: echoed as null, unlike an absent one. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  public static final String UNKNOWN = "Unknown";
  private static final byte[] TITLE = JsonWriter.bytes("{\"title\":");
  private static final byte[] TYPE = JsonWriter.bytes(",\"type\":");
  private static final byte[] TMDB = JsonWriter.bytes(",\"tmdbId\":");
  private static final byte[] SEASON_ID = JsonWriter.bytes(",\"seasonId\":");
  private static final byte[] EPISODE_ID = JsonWriter.bytes(",\"episodeId\":");
  private static final byte[] SEASON_NUMBER = JsonWriter.bytes(",\"seasonNumber\":");
  private static final byte[] EPISODE_NUMBER = JsonWriter.bytes(",\"episodeNumber\":");

  /** The seed's content when none is sent (declared after the keys its encoding needs). */
  public static final Content DEFAULT = new Content(UNKNOWN, UNKNOWN, null, null, null, null, null);

  private final String title;
  private final String type;
  private final Object tmdbId;
  private final Object seasonId;
  private final Object episodeId;
  private final Object seasonNumber;
  private final Object episodeNumber;
  /** Built on first use; volatile so that a loop reading a content built on another sees it whole. */
  private volatile byte[] json;

  public Content(String title, String type, Object tmdbId, Object seasonId, Object episodeId,
      Object seasonNumber, Object episodeNumber) {
    this.title = title;
    this.type = type;
    this.tmdbId = tmdbId;
    this.seasonId = seasonId;
    this.episodeId = episodeId;
    this.seasonNumber = seasonNumber;
    this.episodeNumber = episodeNumber;
  }

  public String title() {
    return title;
  }

  public String type() {
    return type;
  }

  public Object tmdbId() {
    return tmdbId;
  }

  public Object seasonId() {
    return seasonId;
  }

  public Object episodeId() {
    return episodeId;
  }

  public Object seasonNumber() {
    return seasonNumber;
  }

  public Object episodeNumber() {
    return episodeNumber;
  }

  /** The content as a JSON object, ready to copy into an answer. */
  public byte[] json() {
    byte[] encoded = json;
    if (encoded == null) {
      encoded = encode(); // two loops may both encode it once: equal bytes, no harm
      json = encoded;
    }
    return encoded;
  }

  private byte[] encode() {
    // string() reserves six bytes a char up front, so size for that and never grow
    JsonWriter w = new JsonWriter(160 + 6 * (title.length() + type.length() + idLength(tmdbId) + idLength(seasonId)
        + idLength(episodeId)));
    w.raw(TITLE).string(title).raw(TYPE).string(type);
    id(w, TMDB, tmdbId);
    id(w, SEASON_ID, seasonId);
    id(w, EPISODE_ID, episodeId);
    id(w, SEASON_NUMBER, seasonNumber);
    id(w, EPISODE_NUMBER, episodeNumber);
    return w.raw('}').toByteArray();
  }

  private static int idLength(Object id) {
    return id instanceof String s ? s.length() : 0;
  }

  private static void id(JsonWriter w, byte[] key, Object value) {
    if (value == null) {
      return;
    }
    w.raw(key);
    if (value == NULL) {
      w.nul();
    } else if (value instanceof String s) {
      w.string(s);
    } else if (value instanceof Long l) {
      w.number(l.longValue());
    } else {
      w.number(((Double) value).doubleValue());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Content c && title.equals(c.title) && type.equals(c.type)
        && Objects.equals(tmdbId, c.tmdbId) && Objects.equals(seasonId, c.seasonId)
        && Objects.equals(episodeId, c.episodeId) && Objects.equals(seasonNumber, c.seasonNumber)
        && Objects.equals(episodeNumber, c.episodeNumber);
  }

  @Override
  public int hashCode() {
    return Objects.hash(title, type, tmdbId, seasonId, episodeId);
  }

  @Override
  public String toString() {
    return new String(json(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
