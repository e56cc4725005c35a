package org.vertxassets;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.vertxassets.impl.http.PointsUp;
import org.vertxassets.server.AssetsVerticle;

/**
 * The packages' imports point one way, read from the compiled classes:
 *
 * <pre>
 *   server ──────────────┐      (verticle, configuration, watcher, command line)
 *     │        │         │
 *     ▼        ▼         │
 *   tools   org.vertxassets      (build tools) (the public API, the index, the request path)
 *     │  \     │    │    │
 *     │   ▼    ▼    │    ▼
 *     │   impl.http │  impl.json, impl.vertx   (RFC 9110 rules, media types) (typed JSON) (Vert.x internals)
 *     ▼        ▼    ▼
 *        impl.codec               (encodings, codecs, manifest, content hash)
 * </pre>
 *
 * and Vert.x's internal API is used in {@code impl.vertx} alone, where each use has a fallback.
 */
class ArchitectureTest {

  private static final String API = "org.vertxassets";

  /** The main classes: no test, and not the benchmarks' servers that a -Pbench build adds. */
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("/org/vertxassets/bench/"))
      .importPackages(API);

  /** Every import points down the picture above. */
  static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("server").definedBy(API + ".server..")
      .layer("tools").definedBy(API + ".tools..")
      .layer("api").definedBy(API)
      .layer("http").definedBy(API + ".impl.http..")
      .layer("codec").definedBy(API + ".impl.codec..")
      .layer("json").definedBy(API + ".impl.json..")
      .layer("vertx internals").definedBy(API + ".impl.vertx..")
      .whereLayer("server").mayNotBeAccessedByAnyLayer()
      .whereLayer("tools").mayOnlyBeAccessedByLayers("server")
      .whereLayer("api").mayOnlyBeAccessedByLayers("server")
      .whereLayer("http").mayOnlyBeAccessedByLayers("api", "tools", "server")
      .whereLayer("json").mayOnlyBeAccessedByLayers("api", "server")
      .whereLayer("vertx internals").mayOnlyBeAccessedByLayers("api")
      .whereLayer("codec").mayOnlyBeAccessedByLayers("http", "api", "tools", "server")
      .because("a package that imports one above it has lost its place (README, \"Layout\")");

  /** Vert.x's internal API stays in one small package, where each use has a fallback and a test. */
  static final ArchRule INTERNALS = noClasses().that().resideOutsideOfPackage(API + ".impl.vertx..")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx.core.internal..")
      .because("Vert.x may change its internals in any release: org.vertxassets.impl.vertx holds every use");

  /** No class outside the rooms of the picture, where the layer rule would not see it. */
  static final ArchRule ROOMS = classes().should().resideInAnyPackage(API, API + ".server..", API + ".tools..",
      API + ".impl.http..", API + ".impl.codec..", API + ".impl.json..", API + ".impl.vertx..");

  @Test
  void importsPointDown() {
    LAYERS.check(MAIN);
  }

  @Test
  void vertxInternalsAreUsedInOnePackageOnly() {
    INTERNALS.check(MAIN);
  }

  @Test
  void everyClassLivesInARoomOfThePicture() {
    ROOMS.check(MAIN);
  }

  @Test
  void theRulesSeeTheWholeMainCode() {
    assertTrue(MAIN.contain(AssetsHandler.class) && MAIN.contain(AssetsVerticle.class)
        && MAIN.contain("org.vertxassets.impl.vertx.Cork") && MAIN.contain("org.vertxassets.tools.BuildCommand"),
        "the importer found " + MAIN.size() + " classes");
  }

  @Test
  void anImportThatPointsUpFails() {
    JavaClasses withUpwardImport = new ClassFileImporter().importClasses(PointsUp.class, AssetsHandler.class);

    AssertionError e = assertThrows(AssertionError.class, () -> LAYERS.check(withUpwardImport));
    assertTrue(e.getMessage().contains("PointsUp"), e.getMessage());
  }

  @Test
  void aVertxInternalOutsideItsPackageFails() {
    JavaClasses reaching = new ClassFileImporter().importClasses(ReachesIntoVertx.class);

    AssertionError e = assertThrows(AssertionError.class, () -> INTERNALS.check(reaching));
    assertTrue(e.getMessage().contains("HttpServerConnection"), e.getMessage());
  }
}
