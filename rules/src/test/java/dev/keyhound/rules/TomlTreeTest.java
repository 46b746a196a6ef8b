package dev.keyhound.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TomlTree} gives the tree {@code TomlMapper.readTree} gives, node class for node class. */
class TomlTreeTest {
  private static final TomlMapper MAPPER = new TomlMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "# only a comment\n",
        "title = \"x\"\n[extend]\nuseDefault = true\n[allowlist]\npaths = ['''vendor/''']\n",
        "[[rules]]\nid = \"a\"\nregex = '''(?i)key_([a-z0-9]{32})'''\nsecretGroup = 1\n"
            + "entropy = 3.50\nkeywords = [\"key_\"]\n[[rules.allowlists]]\nstopwords = [\"x\"]\n",
        "a = 1\nb = -9223372036854775808\nc = 99999999999999999999999\nd = 0x1F\ne = 0o17\n"
            + "f = 0b101\ng = 2147483648\n",
        "a = 1.0\nb = 1e5\nc = -0.0\nd = 3.14159265358979323846264338327950288\ne = 6.02E+23\n"
            + "f = nan\ng = +inf\nh = -inf\ni = 1_000.000_1\nj = 0.0\nk = 100.0e-2\n",
        "a = true\nb = false\nc = 1979-05-27T07:32:00Z\nd = 1979-05-27\ne = 07:32:00\n"
            + "f = 1979-05-27T07:32:00.999\n",
        "a = []\nb = [[1, 2], [\"x\"], []]\nc = { x = 1, y = { z = [ { w = 2 } ] } }\n"
            + "[t.u.v]\nq = '''multi\nline'''\n[[arr]]\n[[arr]]\nk = \"v\"\n",
        "\"quoted key\" = 1\n'single' = \"\\u00e9\\n\\t\"\nx.y.z = 3\n",
      })
  void givesTheMappersTree(String toml) throws IOException {
    assertSameTree(MAPPER.readTree(toml), TomlTree.read(toml));
  }

  @Test
  void givesTheMappersTree_forTheBuiltinPackAndGitleaksOwnConfig() throws IOException {
    String builtin;
    try (InputStream in = RuleLoader.class.getResourceAsStream(RuleLoader.BUILTIN_RESOURCE)) {
      builtin = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertSameTree(MAPPER.readTree(builtin), TomlTree.read(builtin));
    Path gitleaks = CompatFiles.gitleaksToml();
    assertSameTree(MAPPER.readTree(gitleaks.toFile()), TomlTree.read(gitleaks.toFile()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a = \n",
        "a = 1\na = 2\n",
        "[t]\n[t]\n",
        "a = \"unterminated\n",
        "a = 1.\n",
        "a = [1, 2\n",
        "= 3\n",
        "a = 0x\n"
      })
  void failsAsTheMapperFails(String toml) {
    JacksonException mapper = assertThrows(JacksonException.class, () -> MAPPER.readTree(toml));
    JacksonException ours = assertThrows(JacksonException.class, () -> TomlTree.read(toml));
    assertEquals(mapper.getClass(), ours.getClass());
    assertEquals(mapper.getOriginalMessage(), ours.getOriginalMessage());
    assertEquals(mapper.getMessage(), ours.getMessage());
  }

  @Test
  void aFileFailsAsTheMapperFails(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.toml");
    Files.writeString(bad, "[ids]\nkey_env = \n");
    IOException mapper = assertThrows(IOException.class, () -> MAPPER.readTree(bad.toFile()));
    IOException ours = assertThrows(IOException.class, () -> TomlTree.read(bad.toFile()));
    assertEquals(mapper.getClass(), ours.getClass());
    assertEquals(mapper.getMessage(), ours.getMessage());
    Path missing = dir.resolve("missing.toml");
    mapper = assertThrows(IOException.class, () -> MAPPER.readTree(missing.toFile()));
    ours = assertThrows(IOException.class, () -> TomlTree.read(missing.toFile()));
    assertEquals(mapper.getClass(), ours.getClass());
    assertEquals(mapper.getMessage(), ours.getMessage());
  }

  /**
   * Of the same node class at every level (IntNode is not LongNode), equal and printed alike;
   * compared from the leaves up, so that a failure names the node rather than the whole file.
   */
  private static void assertSameTree(JsonNode expected, JsonNode actual) {
    assertEquals(expected.getClass(), actual.getClass(), String.valueOf(actual));
    assertEquals(expected.size(), actual.size());
    if (expected.isObject()) {
      List<String> names = new ArrayList<>();
      expected.fieldNames().forEachRemaining(names::add);
      List<String> actualNames = new ArrayList<>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      assertEquals(names, actualNames);
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertSameTree(e.getValue(), actual.get(e.getKey()));
      }
    } else if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        assertSameTree(expected.get(i), actual.get(i));
      }
    } else {
      assertEquals(expected.toString(), actual.toString());
    }
    assertEquals(expected, actual);
  }
}
