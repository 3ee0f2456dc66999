package watchparty.browser;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import watchparty.browser.SyncAnalysis.Phase;
import watchparty.browser.SyncAnalysis.Point;
import watchparty.browser.SyncAnalysis.Result;

/** The sync figures as a markdown table and a plot of every follower's error over the session. */
final class SyncReport {
  static final String TABLE_FILE = "sync.md";
  static final String PLOT_FILE = "sync-error.png";
  /** Errors beyond this are drawn on the plot's edge, marked as clipped. */
  static final double PLOT_LIMIT_MS = 300;

  private static final Color[] FOLLOWER_COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

  private SyncReport() {
  }

  /** The markdown report: how it was made, the table, and the figures the table has no column for. */
  static String markdown(Result result, String madeBy, String session) {
    StringBuilder md = new StringBuilder();
    md.append("# Followers vs host: sync error in real browsers\n\n");
    md.append(madeBy).append("\n\n");
    md.append(session).append("\n\n");
    md.append("| phase | p50 | p95 | max | settle |\n|---|---:|---:|---:|---:|\n");
    for (Phase p : result.phases()) {
      md.append("| ").append(p.name()).append(" (").append(p.samples()).append(" samples) | ")
          .append(ms(p.p50())).append(" | ").append(ms(p.p95())).append(" | ").append(ms(p.max())).append(" | ")
          .append(settle(p)).append(" |\n");
    }
    md.append("\n|error| = |follower position - host position| in ms, over the followers' 100 ms samples; settle = time"
        + " from the host's action until every follower is within " + (int) SyncAnalysis.SETTLED_WITHIN_MS
        + " ms of the host and stays there " + (int) SyncAnalysis.SETTLED_FOR_MS + " ms. Steady play: the host plays"
        + " and its latest action is over " + SyncAnalysis.ACTION_SETTLING_MS / 1000 + " s old.\n\n");
    md.append("- follower seeks during steady play: ").append(result.steadySeekCount()).append(" (");
    md.append(String.join(", ", result.steadySeeks().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().size()).toList())).append(")\n");
    md.append("- follower rate / host rate over the session: min ").append(ratio(result.lowestRateRatio()))
        .append(", max ").append(ratio(result.highestRateRatio())).append("\n");
    md.append("- steady samples within ").append((int) SyncAnalysis.LOCKED_WITHIN_MS).append(" ms of the host: ")
        .append(result.lockedSamples()).append(", of which at exactly the host's rate: ")
        .append(result.lockedSamples() == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%",
            100.0 * result.lockedAtHostRate() / result.lockedSamples())).append("\n");
    md.append("- new host after the host left: ").append(result.newHost() == null ? "none" : result.newHost()).append("\n");
    if (!result.neverPlayed().isEmpty()) {
      md.append("- never played: ").append(String.join(", ", result.neverPlayed())).append("\n");
    }
    md.append("- targets: steady p95 <= 80 ms and max <= 250 ms, no follower seek in steady play, every settle <= 2.5 s,"
        + " every rate ratio within 0.9-1.1\n");
    return md.toString();
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
  }

  private static String settle(Phase p) {
    if (!p.unsettled().isEmpty()) {
      return "never (" + String.join(", ", p.unsettled()) + ")";
    }
    return p.settleMs() == null ? "" : String.format(Locale.ROOT, "%.2f s", p.settleMs() / 1000);
  }

  private static String ratio(Point p) {
    return p == null ? "-" : String.format(Locale.ROOT, "%.3f (%s)", p.rateRatio(), p.follower());
  }

  /** Error (ms, y, clamped to ±300) over session time (s, x), a line a follower, the host's actions marked. */
  static BufferedImage plot(Result result, String title) {
    System.setProperty("java.awt.headless", "true");
    int width = 1400;
    int height = 700;
    int left = 70;
    int right = 170;
    int top = 60;
    int bottom = 60;
    int plotW = width - left - right;
    int plotH = height - top - bottom;
    double endS = result.points().values().stream().flatMap(List::stream)
        .mapToDouble(p -> result.sessionSeconds(p.t())).max().orElse(1);
    double xMax = Math.ceil(endS / 5) * 5;

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

    java.util.function.DoubleUnaryOperator x = s -> left + s / xMax * plotW;
    java.util.function.DoubleUnaryOperator y = ms -> top + (PLOT_LIMIT_MS - ms) / (2 * PLOT_LIMIT_MS) * plotH;

    // the settle band, grid and axes
    g.setColor(new Color(0xe8f5e9));
    int bandTop = (int) y.applyAsDouble(SyncAnalysis.SETTLED_WITHIN_MS);
    g.fillRect(left, bandTop, plotW, (int) y.applyAsDouble(-SyncAnalysis.SETTLED_WITHIN_MS) - bandTop);
    for (int ms = -300; ms <= 300; ms += 50) {
      int gy = (int) y.applyAsDouble(ms);
      g.setColor(ms == 0 ? Color.GRAY : new Color(0xdddddd));
      g.drawLine(left, gy, left + plotW, gy);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%+d", ms).replace("+0", "0"), left - 40, gy + 4);
    }
    for (int s = 0; s <= xMax; s += 5) {
      int gx = (int) x.applyAsDouble(s);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(gx, top, gx, top + plotH);
      g.setColor(Color.DARK_GRAY);
      g.drawString(Integer.toString(s), gx - 6, top + plotH + 16);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, plotW, plotH);
    g.drawString("session time (s, 0 = the host's first play)", left + plotW / 2 - 120, height - 20);
    g.drawString("error (ms): follower - host", 8, top - 10);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, left, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

    // the host's actions: dashed verticals, labels staggered so neighbours do not overlap
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
    int row = 0;
    for (HostAction a : result.actions()) {
      int ax = (int) x.applyAsDouble(result.sessionSeconds(a.t()));
      g.setColor(new Color(0x555555));
      g.drawLine(ax, top, ax, top + plotH);
      g.drawString(a.label(), ax + 3, top + 14 + 14 * (row++ % 2));
    }
    g.setStroke(new BasicStroke(1.6f));

    // one line a follower, broken where its samples have a gap (no host reference, or a stalled page)
    int colorIndex = 0;
    for (Map.Entry<String, List<Point>> e : result.points().entrySet()) {
      Color color = FOLLOWER_COLORS[colorIndex++ % FOLLOWER_COLORS.length];
      g.setColor(color);
      Point previous = null;
      for (Point p : e.getValue()) {
        double clamped = Math.max(-PLOT_LIMIT_MS, Math.min(PLOT_LIMIT_MS, p.errorMs()));
        int px = (int) x.applyAsDouble(result.sessionSeconds(p.t()));
        int py = (int) y.applyAsDouble(clamped);
        if (previous != null && p.t() - previous.t() < 400) {
          double prevClamped = Math.max(-PLOT_LIMIT_MS, Math.min(PLOT_LIMIT_MS, previous.errorMs()));
          g.drawLine((int) x.applyAsDouble(result.sessionSeconds(previous.t())), (int) y.applyAsDouble(prevClamped), px, py);
        }
        if (clamped != p.errorMs()) {
          int dir = p.errorMs() > 0 ? -1 : 1;
          g.fillPolygon(new Polygon(new int[] {px - 4, px + 4, px}, new int[] {py, py, py + dir * 7}, 3));
        }
        previous = p;
      }
      int ly = top + 20 + 20 * colorIndex;
      g.fillRect(left + plotW + 15, ly - 8, 18, 4);
      g.setColor(Color.BLACK);
      String suffix = e.getKey().equals(result.newHost()) ? " (new host)" : "";
      g.drawString(e.getKey() + suffix, left + plotW + 40, ly - 2);
    }
    g.setColor(Color.BLACK);
    int ny = top + 20 + 20 * (colorIndex + 1);
    g.fillPolygon(new Polygon(new int[] {left + plotW + 20, left + plotW + 28, left + plotW + 24},
        new int[] {ny, ny, ny - 7}, 3));
    g.drawString("beyond ±" + (int) PLOT_LIMIT_MS + " ms", left + plotW + 40, ny);
    g.setColor(new Color(0x2e7d32));
    g.drawString("band: ±" + (int) SyncAnalysis.SETTLED_WITHIN_MS + " ms", left + plotW + 40, ny + 20);
    g.dispose();
    return image;
  }

  static void write(Path dir, String markdown, BufferedImage plot) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TABLE_FILE), markdown, StandardCharsets.UTF_8);
    ImageIO.write(plot, "png", dir.resolve(PLOT_FILE).toFile());
  }
}
