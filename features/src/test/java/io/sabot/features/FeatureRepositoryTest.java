package io.sabot.features;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class FeatureRepositoryTest {

    private static Feature feature(String name, String text) throws IOException {
        return Feature.parse(name, name + ".feature", new StringReader(text));
    }

    @Test
    public void requiredFeaturesComeFirstAndBundlesAreListedOnce() throws Exception {
        FeatureRepository repo = new FeatureRepository(List.of(
                feature("core", "bundle = mvn:g/a/1\nbundle = mvn:g/b/1\n"),
                feature("web", "requires = core\nbundle = mvn:g/w/1\nbundle = mvn:g/a/1\n"),
                feature("app", "requires = web, core\nbundle = mvn:g/x/2\n")));
        assertEquals(
                List.of("core", "web", "app"),
                repo.closure(List.of("app")).stream().map(Feature::name).toList());
        assertEquals(
                List.of("mvn:g/a/1", "mvn:g/b/1", "mvn:g/w/1", "mvn:g/x/2"),
                repo.bundles(List.of("app")).stream().map(Coordinate::toString).toList());
    }

    @Test
    public void listPropertiesAreJoinedOthersMustAgree() throws Exception {
        FeatureRepository repo = new FeatureRepository(List.of(
                feature("a", "property = org.osgi.framework.system.packages.extra=sun.misc\nproperty = x=1\n"),
                feature("b", "property = org.osgi.framework.system.packages.extra=sun.nio.ch\nproperty = x=1\n"),
                feature("c", "property = x=2\n")));
        assertEquals(
                Map.of("org.osgi.framework.system.packages.extra", "sun.misc,sun.nio.ch", "x", "1"),
                repo.frameworkProperties(List.of("a", "b")));
        try {
            repo.frameworkProperties(List.of("a", "c"));
            fail("conflicting values must be reported");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("x"));
        }
    }

    @Test
    public void cyclesAndUnknownFeaturesAreReported() throws Exception {
        FeatureRepository repo = new FeatureRepository(
                List.of(feature("a", "requires = b\n"), feature("b", "requires = a\n"), feature("c", "requires = z")));
        try {
            repo.closure(List.of("a"));
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("a -> b -> a"));
        }
        try {
            repo.closure(List.of("c"));
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("Unknown feature 'z'"));
        }
    }

    @Test
    public void twoVersionsOfOneBundleAreReported() throws Exception {
        FeatureRepository repo = new FeatureRepository(
                List.of(feature("a", "bundle = mvn:g/a/1\n"), feature("b", "requires = a\nbundle = mvn:g/a/2\n")));
        try {
            repo.bundles(List.of("b"));
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("mvn:g/a/2"));
        }
    }

    @Test
    public void errorsNameFileAndLine() throws Exception {
        for (String bad : List.of("bundel = mvn:g/a/1", "bundle = mvn:g/a/${missing.version}", "just text")) {
            try {
                feature("bad", "# comment\n" + bad + "\n");
                fail(bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().startsWith("bad.feature:2: "));
            }
        }
    }

    @Test
    public void shippedFeaturesAreFilteredAndConsistent() throws Exception {
        FeatureRepository repo = FeatureRepository.fromClassLoader(getClass().getClassLoader());
        assertTrue(repo.all().stream().map(Feature::name).toList().containsAll(List.of("core", "webconsole")));
        for (Feature f : repo.all()) {
            repo.bundles(List.of(f.name())); // no cycles, no unknown requirements, one version per bundle
            repo.frameworkProperties(List.of(f.name()));
        }
    }
}
