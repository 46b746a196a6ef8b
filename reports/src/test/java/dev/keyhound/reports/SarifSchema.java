package dev.keyhound.reports;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import dev.keyhound.scanner.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The official SARIF 2.1.0 schema ({@code shared/schemas/sarif-schema-2.1.0.json}, found by walking
 * up from the working directory), loaded offline: the schema is registered under its own id and the
 * draft-04 meta-schema ships inside the validator, so nothing is fetched.
 */
public final class SarifSchema {
  private static Schema schema;

  private SarifSchema() {}

  /** The schema errors of a SARIF document; empty when it is valid. */
  public static synchronized List<Error> validate(String sarif) {
    if (schema == null) {
      schema = load();
    }
    return schema.validate(sarif, InputFormat.JSON);
  }

  /**
   * The schema file: {@code -Dkeyhound.sarifSchema=FILE}, else the first {@code shared/schemas}
   * above here.
   */
  public static Path locate() {
    return SharedFiles.sarifSchema();
  }

  private static Schema load() {
    try {
      String text = Files.readString(locate());
      String id =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).path("id").asText();
      SchemaRegistry registry =
          SchemaRegistry.withDialect(
              Dialects.getDraft4(),
              b ->
                  b.schemas(Map.of(id, text))
                      .schemaRegistryConfig(
                          SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
      Schema s = registry.getSchema(SchemaLocation.of(id));
      s.initializeValidators();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
