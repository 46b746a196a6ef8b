package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeSettingsTest {
  @TempDir Path dir;

  @Test
  void load_readsTheServeSectionAndFlagsOverrideIt() throws Exception {
    Path f = dir.resolve(".keyhound.toml");
    Files.writeString(
        f,
        """
        [serve]
        port = 9100
        bind = "0.0.0.0"
        github_keys = "/etc/keyhound/github-keys.json"
        issuer_events_secret_env = "ISSUER_EVENTS_SECRET"
        """);
    ServeSettings s = ServeSettings.load(f);
    assertEquals(
        new ServeSettings(
            9100, "0.0.0.0", "/etc/keyhound/github-keys.json", "ISSUER_EVENTS_SECRET"),
        s);
    assertEquals(9200, s.override(9200, null).port());
    assertEquals("127.0.0.1", s.override(null, "127.0.0.1").bind());
  }

  @Test
  void load_withoutASectionBindsLoopbackOnTheDefaultPort() throws Exception {
    Path f = dir.resolve(".keyhound.toml");
    Files.writeString(f, "[issuer]\nbase_url = \"http://127.0.0.1:8900\"\n");
    assertEquals(new ServeSettings(8902, "127.0.0.1", null, null), ServeSettings.load(f));
  }

  @Test
  void load_badPortFailsNamingTheFileAndValue() throws Exception {
    Path f = dir.resolve(".keyhound.toml");
    Files.writeString(f, "[serve]\nport = 70000\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ServeSettings.load(f));
    assertEquals(f + ": [serve] port must be 0..65535: 70000", e.getMessage());
  }
}
