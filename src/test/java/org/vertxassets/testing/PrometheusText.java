package org.vertxassets.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a scrape in Prometheus's text format, read as a scraper reads them. */
public final class PrometheusText {

  private static final Pattern SAMPLE = Pattern.compile("^(vertx_\\w+(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

  private PrometheusText() {
  }

  /** Returns the samples of {@code scrape} whose names start {@code vertx_}, by name and labels. */
  public static Map<String, Double> samples(String scrape) {
    Map<String, Double> samples = new TreeMap<>();
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      samples.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return samples;
  }

  /** Returns the value of one sample, failing with the names there are when it is missing. */
  public static double value(Map<String, Double> samples, String sample) {
    Double value = samples.get(sample);
    if (value == null) {
      throw new AssertionError("no " + sample + " in " + samples.keySet());
    }
    return value;
  }
}
