package watchparty.browser;

import java.util.List;

/** Everything one page's sampler recorded during the session. */
record PageRecording(String name, List<Sample> samples, List<SeekEvent> seeks) {
}
