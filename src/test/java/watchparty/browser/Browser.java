package watchparty.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * One headless Chromium with its own profile (its own browser context) driven through ChromeDriver,
 * and the sampler it runs in its page. Debian's chromium and chromedriver packages are used as
 * installed; Selenium is always given both paths, so it never looks for (or downloads) others.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /**
   * Every 100 ms, a reading of the page's video with the wall-clock time (timeOrigin + now(): the
   * same clock in every browser process on the machine); and every `seeking` event of the video
   * (captured on the document, since media events do not bubble).
   */
  private static final String SAMPLER = """
      if (!window.__sync) {
        const sync = window.__sync = {samples: [], seeks: []};
        const now = () => performance.timeOrigin + performance.now();
        document.addEventListener('seeking', e => {
          if (e.target.id === 'video') sync.seeks.push({t: now(), ct: e.target.currentTime});
        }, true);
        setInterval(() => {
          const v = document.getElementById('video');
          if (!v) return;
          sync.samples.push({t: now(), ct: v.currentTime, rate: v.playbackRate, paused: v.paused,
              seeking: v.seeking, role: window.watchparty?.player?.role ?? null});
        }, 100);
      }
      """;

  /** The test uses no DevTools bindings, so Selenium's warning that none match this Chromium is noise. */
  private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

  static {
    DEVTOOLS_LOG.setLevel(Level.SEVERE);
  }

  final String name;
  private final ChromeDriver driver;

  private Browser(String name, ChromeDriver driver) {
    this.name = name;
    this.driver = driver;
  }

  /**
   * Skips the calling test when Chromium, its driver or ffmpeg is missing (fails instead under
   * CI=true, where a skipped browser test would pass unnoticed).
   */
  static void requireOrSkip() {
    List<String> missing = new ArrayList<>();
    for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!new File(binary).canExecute()) {
        missing.add(binary);
      }
    }
    if (!onPath("ffmpeg")) {
      missing.add("ffmpeg");
    }
    if (!missing.isEmpty()) {
      String message = String.join(", ", missing) + " not installed: the browser sync test needs them"
          + " (apt-get install -y chromium chromium-driver ffmpeg)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      System.err.println("\n*** SKIPPED: " + message + " ***\n");
      Assumptions.abort(message);
    }
  }

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, binary).canExecute()) {
        return true;
      }
    }
    return false;
  }

  static Browser start(String name, Path userDataDir, int width, int height) throws IOException {
    Files.createDirectories(userDataDir);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // no autoplay-policy flag: the page has to live with the browser's default autoplay policy;
    // no throttling of timers or renderers, since every page plays while unfocused
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows", "--window-size=" + width + "," + height,
        "--user-data-dir=" + userDataDir);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(15));
    return new Browser(name, driver);
  }

  String version() {
    return String.valueOf(driver.getCapabilities().getBrowserVersion());
  }

  /** Loads the page, then starts the sampler in it. */
  void open(String url) {
    driver.get(url);
    driver.executeScript(SAMPLER);
  }

  /**
   * A real click near the page's top-left corner (away from the video and its controls), which
   * gives the page the user activation a viewer's first click gives it: Chromium lets a page play
   * with sound only after one.
   */
  void clickCorner() {
    new Actions(driver).moveToLocation(3, 3).click().perform();
  }

  Object run(String script) {
    return driver.executeScript(script);
  }

  /** Runs the script, then returns the page's wall-clock time just after it, in ms. */
  double act(String script) {
    return ((Number) driver.executeScript(script + "; return performance.timeOrigin + performance.now();")).doubleValue();
  }

  double wallTime() {
    return act("");
  }

  /** Calls script (an async function body) and waits for its result. */
  Object runAsync(String script) {
    return driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "(async () => {" + script + "})().then(done, e => done({error: String(e)}));");
  }

  @SuppressWarnings("unchecked")
  PageRecording recording() {
    Map<String, Object> sync = (Map<String, Object>) driver.executeScript("return window.__sync;");
    List<Sample> samples = new ArrayList<>();
    for (Map<String, Object> s : (List<Map<String, Object>>) sync.get("samples")) {
      samples.add(new Sample(number(s.get("t")), number(s.get("ct")), number(s.get("rate")),
          Boolean.TRUE.equals(s.get("paused")), Boolean.TRUE.equals(s.get("seeking")), (String) s.get("role")));
    }
    List<SeekEvent> seeks = new ArrayList<>();
    for (Map<String, Object> s : (List<Map<String, Object>>) sync.get("seeks")) {
      seeks.add(new SeekEvent(number(s.get("t")), number(s.get("ct"))));
    }
    return new PageRecording(name, samples, seeks);
  }

  private static double number(Object value) {
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }

  /** A screenshot of the page with the window set to width x height. */
  void screenshot(Path file, int width, int height) throws IOException {
    driver.manage().window().setSize(new Dimension(width, height));
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Quits the browser (its page closes, as when a viewer closes the tab) and its driver. */
  @Override
  public void close() {
    driver.quit();
  }
}
