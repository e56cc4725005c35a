package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.AssetsOptions;

/** The bundled server compresses at warm-up by default, the library does not, development mode does not. */
class WarmUpDefaultsTest {

  @TempDir
  Path root;

  @Test
  void theBundledServerCompressesAtWarmUpByDefault() {
    VerticleConfig config = VerticleConfig.of(new JsonObject().put("roots", List.of(root.toString())));

    assertEquals(AssetsOptions.WarmUpCompression.AUTO, config.options().getWarmUpCompression());
    assertEquals(AssetsOptions.WarmUpCompression.OFF, new AssetsOptions().getWarmUpCompression());
  }

  @Test
  void developmentModeDoesNotCompressByDefault() {
    VerticleConfig config = VerticleConfig.of(new JsonObject().put("roots", List.of(root.toString()))
        .put("dev", true));

    assertEquals(AssetsOptions.WarmUpCompression.OFF, config.options().getWarmUpCompression());
  }
}
