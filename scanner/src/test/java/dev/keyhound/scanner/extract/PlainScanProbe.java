package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Extracts a few plain source files; run inside an isolated class loader to see which classes that
 * loads.
 */
public final class PlainScanProbe implements Supplier<List<String>> {
  @Override
  public List<String> get() {
    ContentExtractor extractor = Extractors.create(ExtractionLimits.defaults(10 * 1024 * 1024));
    List<String> seen = new ArrayList<>();
    String[] files = {"Main.java", "config.yaml", "README.md"};
    for (String name : files) {
      byte[] bytes =
          ("// "
                  + name
                  + "\nclass AbstractSingletonProxyFactoryBean { String url = \"a%20b\"; }\n"
                  + "token: c2tfbGl2ZV9ub3RfYV9rZXlfYXRfYWxs\n")
              .getBytes(StandardCharsets.UTF_8);
      extractor.extract(
          Blob.of(bytes),
          name,
          s -> seen.add(name + ":" + s.text().length()),
          s -> seen.add("skipped " + s.describe()));
    }
    return seen;
  }
}
