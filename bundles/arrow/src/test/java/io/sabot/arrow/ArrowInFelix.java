package io.sabot.arrow;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A Felix framework running the sabot-arrow bundle and the third-party bundles it imports from, and the Arrow
 * scenarios the tests drive through it by reflection (the test's class path never sees the bundle's classes).
 *
 * <p>{@link #main} runs the whole scenario, IPC included, in a JVM of its own: {@link ArrowBundleInFelixTest}
 * launches it with {@code java -jar} and the {@code Add-Opens} manifest attribute the Sabot launcher uses.
 */
final class ArrowInFelix implements AutoCloseable {

    /**
     * Framework properties sabot-arrow needs: none, as long as {@code org.osgi.framework.system.packages} keeps
     * Felix's default (README.md explains). Kept as a named constant so a change shows up in one place.
     */
    static final Map<String, String> CONTAINER_PROPERTIES = Map.of();

    /** Bundles a container installs alongside sabot-arrow; the test finds them on its class path by file name. */
    static final List<String> THIRD_PARTY_BUNDLES = List.of(
            "jackson-annotations-",
            "jackson-core-",
            "jackson-databind-",
            "jackson-datatype-jsr310-",
            "flatbuffers-java-",
            "pax-logging-api-");

    static final String[] NAMES = {"Sabot", "", "Arrow in Felix"};

    final Framework framework;
    final Bundle arrow;

    private ArrowInFelix(Framework framework, Bundle arrow) {
        this.framework = framework;
        this.arrow = arrow;
    }

    /** Starts Felix in {@code storage}, installs the bundles and starts every one; fails if any does not. */
    static ArrowInFelix start(Path storage, List<Path> thirdPartyBundles, Path arrowBundle) throws Exception {
        // pax-logging-api reads its level from a system property only; Netty's DEBUG chatter is not the subject.
        if (System.getProperty("org.ops4j.pax.logging.DefaultServiceLog.level") == null) {
            System.setProperty("org.ops4j.pax.logging.DefaultServiceLog.level", "INFO");
        }
        Map<String, String> config = new HashMap<>(CONTAINER_PROPERTIES);
        config.put(Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = ServiceLoader.load(FrameworkFactory.class)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no OSGi FrameworkFactory on the class path"))
                .newFramework(config);
        framework.start();

        List<Bundle> installed = new ArrayList<>();
        for (Path bundle : thirdPartyBundles) {
            installed.add(
                    framework.getBundleContext().installBundle(bundle.toUri().toString()));
        }
        Bundle arrow =
                framework.getBundleContext().installBundle(arrowBundle.toUri().toString());
        installed.add(arrow);

        ArrowInFelix felix = new ArrowInFelix(framework, arrow);
        try {
            framework.adapt(FrameworkWiring.class).resolveBundles(installed);
            for (Bundle bundle : installed) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    throw new AssertionError(bundle.getSymbolicName() + " does not resolve or start: " + e, e);
                }
                assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
            }
            return felix;
        } catch (Exception | Error e) {
            felix.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }

    /** The third-party bundles, one jar per {@link #THIRD_PARTY_BUNDLES} prefix on this JVM's class path. */
    static List<Path> thirdPartyBundlesOnClassPath() {
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Paths::get)
                .collect(Collectors.toList());
        List<Path> bundles = new ArrayList<>();
        for (String prefix : THIRD_PARTY_BUNDLES) {
            List<Path> matches = classPath.stream()
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(prefix)
                                && name.endsWith(".jar")
                                && Character.isDigit(name.charAt(prefix.length()));
                    })
                    .collect(Collectors.toList());
            assertEquals("exactly one " + prefix + "*.jar on the class path: " + matches, 1, matches.size());
            bundles.add(matches.get(0));
        }
        return bundles;
    }

    /**
     * Packs {@code target/classes} into a bundle jar, manifest first. bnd-process wrote the manifest and the
     * unpacked Arrow and Netty classes there, and maven-jar-plugin packages exactly that directory.
     */
    static Path packBundleFromClasses(Path jar) throws IOException {
        Path classes = Paths.get("target", "classes");
        Path manifestFile = classes.resolve("META-INF/MANIFEST.MF");
        assertTrue("run bnd-process first: no " + manifestFile, Files.isRegularFile(manifestFile));
        Manifest manifest;
        try (InputStream in = Files.newInputStream(manifestFile)) {
            manifest = new Manifest(in);
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                if (name.isEmpty() || name.equals("META-INF") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                boolean directory = Files.isDirectory(file);
                jarOut.putNextEntry(new JarEntry(directory ? name + "/" : name));
                if (!directory) {
                    Files.copy(file, jarOut);
                }
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    // ---- Arrow scenarios, all through the bundle's class loader -------------------------------------------

    Object newRootAllocator() throws Exception {
        return construct("org.apache.arrow.memory.RootAllocator", sig(long.class), Long.MAX_VALUE);
    }

    /** Checks that the allocator uses the Netty allocation manager, found inside the bundle by its loader. */
    void assertNettyAllocationManagerFromBundle() throws Exception {
        // Only ask once a RootAllocator exists: asking first trips Arrow's own class-initialisation cycle.
        Object factory = callStatic(
                "org.apache.arrow.memory.DefaultAllocationManagerOption", "getDefaultAllocationManagerFactory");
        String name = factory.getClass().getName();
        assertTrue(name, name.startsWith("org.apache.arrow.memory.netty."));
        assertSame(
                arrow.adapt(BundleWiring.class).getClassLoader(),
                factory.getClass().getClassLoader());
    }

    /** An IntVector (42, null, -7) and a VarCharVector ({@link #NAMES}) in a VectorSchemaRoot of three rows. */
    Object newSampleRoot(Object allocator) throws Exception {
        Class<?> bufferAllocator = type("org.apache.arrow.memory.BufferAllocator");

        Object ints =
                construct("org.apache.arrow.vector.IntVector", sig(String.class, bufferAllocator), "ints", allocator);
        call(ints, "allocateNew", sig(int.class), 3);
        call(ints, "set", sig(int.class, int.class), 0, 42);
        call(ints, "setNull", sig(int.class), 1);
        call(ints, "set", sig(int.class, int.class), 2, -7);
        call(ints, "setValueCount", sig(int.class), 3);

        Object names = construct(
                "org.apache.arrow.vector.VarCharVector", sig(String.class, bufferAllocator), "names", allocator);
        call(names, "allocateNew");
        for (int i = 0; i < NAMES.length; i++) {
            call(names, "setSafe", sig(int.class, byte[].class), i, utf8(NAMES[i]));
        }
        call(names, "setValueCount", sig(int.class), NAMES.length);

        Object vectors = Array.newInstance(type("org.apache.arrow.vector.FieldVector"), 2);
        Array.set(vectors, 0, ints);
        Array.set(vectors, 1, names);
        Object root = callStatic("org.apache.arrow.vector.VectorSchemaRoot", "of", sig(vectors.getClass()), vectors);
        call(root, "setRowCount", sig(int.class), 3);
        return root;
    }

    /** Asserts that {@code root} holds what {@link #newSampleRoot} wrote. */
    void assertSampleRoot(Object root) throws Exception {
        assertEquals(3, call(root, "getRowCount"));
        Object ints = call(root, "getVector", sig(String.class), "ints");
        assertEquals(42, call(ints, "get", sig(int.class), 0));
        assertEquals(true, call(ints, "isNull", sig(int.class), 1));
        assertEquals(-7, call(ints, "get", sig(int.class), 2));
        Object names = call(root, "getVector", sig(String.class), "names");
        for (int i = 0; i < NAMES.length; i++) {
            assertArrayEquals(utf8(NAMES[i]), (byte[]) call(names, "get", sig(int.class), i));
        }
    }

    /** The schema's JSON form round-trips through the imported Jackson bundles, JavaTimeModule included. */
    void assertJsonThroughJackson(Object root) throws Exception {
        Object schema = call(root, "getSchema");
        String json = (String) call(schema, "toJson");
        assertTrue(json, json.contains("\"ints\"") && json.contains("\"names\""));
        assertEquals(
                schema, callStatic("org.apache.arrow.vector.types.pojo.Schema", "fromJSON", sig(String.class), json));
        // ListVector values are JsonStringArrayLists; their mapper registers jackson-datatype-jsr310's module.
        Object list = construct("org.apache.arrow.vector.util.JsonStringArrayList", sig());
        call(list, List.class, "add", sig(Object.class), "x");
        assertEquals("[\"x\"]", list.toString());
    }

    /** Writes {@code root} as one batch in the Arrow IPC stream format. */
    byte[] writeStream(Object root) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Object writer = construct(
                "org.apache.arrow.vector.ipc.ArrowStreamWriter",
                sig(
                        type("org.apache.arrow.vector.VectorSchemaRoot"),
                        type("org.apache.arrow.vector.dictionary.DictionaryProvider"),
                        OutputStream.class),
                root,
                null,
                stream);
        try {
            call(writer, "start");
            call(writer, "writeBatch");
            call(writer, "end");
        } finally {
            call(writer, "close");
        }
        return stream.toByteArray();
    }

    /** Reads an IPC stream written by {@link #writeStream} of a {@link #newSampleRoot} and checks its content. */
    void readStreamAndAssertSample(byte[] stream, Object allocator) throws Exception {
        Object reader = construct(
                "org.apache.arrow.vector.ipc.ArrowStreamReader",
                sig(InputStream.class, type("org.apache.arrow.memory.BufferAllocator")),
                new ByteArrayInputStream(stream),
                allocator);
        try {
            assertEquals(true, call(reader, "loadNextBatch"));
            Object root = call(reader, "getVectorSchemaRoot");
            assertSampleRoot(root);
            assertJsonThroughJackson(root);
            assertFalse((boolean) call(reader, "loadNextBatch"));
        } finally {
            call(reader, "close");
        }
    }

    long allocatedMemory(Object allocator) throws Exception {
        return (long) call(allocator, type("org.apache.arrow.memory.BufferAllocator"), "getAllocatedMemory");
    }

    /** Closes the allocator, which Arrow refuses while any buffer is outstanding; asserts zero bytes first. */
    void closeWithoutLeak(Object allocator) throws Exception {
        assertEquals("bytes outstanding", 0L, allocatedMemory(allocator));
        call(allocator, type("org.apache.arrow.memory.BufferAllocator"), "close");
    }

    /**
     * The full scenario, IPC included, in a JVM of its own. Arguments: framework storage directory, the
     * sabot-arrow bundle jar, then the third-party bundle jars. Prints one line starting with {@code OK} on success.
     */
    public static void main(String[] args) {
        try {
            List<Path> thirdParty = Stream.of(args).skip(2).map(Paths::get).collect(Collectors.toList());
            try (ArrowInFelix felix = start(Paths.get(args[0]), thirdParty, Paths.get(args[1]))) {
                Object allocator = felix.newRootAllocator();
                felix.assertNettyAllocationManagerFromBundle();
                Object root = felix.newSampleRoot(allocator);
                byte[] stream;
                try {
                    felix.assertSampleRoot(root);
                    stream = felix.writeStream(root);
                } finally {
                    felix.call(root, "close");
                }
                felix.readStreamAndAssertSample(stream, allocator);
                felix.closeWithoutLeak(allocator);
                System.out.println("OK: 3 rows written and read back as an Arrow IPC stream of " + stream.length
                        + " bytes, 0 bytes outstanding");
            }
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    // ---- just enough reflection --------------------------------------------------------------------------

    Class<?> type(String name) throws ClassNotFoundException {
        return arrow.loadClass(name);
    }

    Object construct(String type, Class<?>[] params, Object... args) throws Exception {
        try {
            return type(type).getConstructor(params).newInstance(args);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    Object callStatic(String type, String method, Class<?>[] params, Object... args) throws Exception {
        return invoke(type(type).getDeclaredMethod(method, params), null, args);
    }

    Object callStatic(String type, String method) throws Exception {
        return callStatic(type, method, sig());
    }

    Object call(Object target, String method, Class<?>[] params, Object... args) throws Exception {
        return invoke(target.getClass().getMethod(method, params), target, args);
    }

    Object call(Object target, String method) throws Exception {
        return call(target, method, sig());
    }

    /** Calls through a public interface: some implementing classes (RootAllocator's parent) are not public. */
    Object call(Object target, Class<?> via, String method, Class<?>[] params, Object... args) throws Exception {
        return invoke(via.getMethod(method, params), target, args);
    }

    Object call(Object target, Class<?> via, String method) throws Exception {
        return call(target, via, method, sig());
    }

    static Class<?>[] sig(Class<?>... types) {
        return types;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object invoke(Method method, Object target, Object... args) throws Exception {
        method.setAccessible(true);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static Exception unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return cause instanceof Exception ? (Exception) cause : e;
    }
}
