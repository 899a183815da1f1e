package io.sabot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WebConsoleCredentialsTest {

    /** {@code OsgiManager.DEFAULT_PASSWORD} in Felix web console 5.0.18: the hash of "admin". */
    private static final String WEBCONSOLE_DEFAULT_ADMIN_HASH = "{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void generatedPasswordsAreLongAndDiffer() {
        WebConsoleCredentials credentials =
                new WebConsoleCredentials(tmp.getRoot().toPath());
        String a = credentials.generatePassword();
        String b = credentials.generatePassword();
        assertTrue(a.length() >= 20);
        assertTrue(a.matches("[A-Za-z0-9]+"));
        assertNotEquals(a, b);
    }

    @Test
    public void webConsoleAcceptsOurHash() throws Exception {
        String hash = WebConsoleCredentials.hash("correct horse battery staple", new SecureRandom());
        assertTrue(hash, hash.matches("\\{sha-256\\}[0-9a-f]{16}-1000-[A-Za-z0-9+/]+=*"));
        assertTrue(webConsoleMatches(hash, "correct horse battery staple"));
        assertFalse(webConsoleMatches(hash, "correct horse battery stapl"));
        assertFalse(webConsoleMatches(hash, "admin"));
    }

    @Test
    public void weAcceptTheWebConsolesOwnHashes() throws Exception {
        Method hashPassword = webConsolePasswordClass().getDeclaredMethod("hashPassword", String.class);
        hashPassword.setAccessible(true);
        String theirs = (String) hashPassword.invoke(null, "another secret value");
        assertTrue(WebConsoleCredentials.verify(theirs, "another secret value"));
        assertFalse(WebConsoleCredentials.verify(theirs, "another secret valuE"));
        // the unsalted legacy form, as in the web console's built-in default
        assertTrue(WebConsoleCredentials.verify(WEBCONSOLE_DEFAULT_ADMIN_HASH, "admin"));
    }

    @Test
    public void firstStartGeneratesAndStoresOnlyTheHash() throws Exception {
        Path etc = tmp.getRoot().toPath().resolve("etc");
        WebConsoleCredentials store = new WebConsoleCredentials(etc);
        WebConsoleCredentials.Credentials credentials = store.ensure();

        String password = credentials.generatedPassword().orElseThrow();
        assertEquals("admin", credentials.username());
        assertTrue(webConsoleMatches(credentials.passwordHash(), password));

        String stored = Files.readString(store.credentialsFile(), StandardCharsets.ISO_8859_1);
        assertFalse("the credentials file must not hold the password", stored.contains(password));
        assertTrue(stored.contains("felix.webconsole.password=" + credentials.passwordHash()));
        assertEquals(password, Files.readString(store.initialPasswordFile()).trim());
        assertOwnerOnly(store.credentialsFile());
        assertOwnerOnly(store.initialPasswordFile());
    }

    @Test
    public void laterStartsReuseTheHashAndRevealNothing() throws Exception {
        WebConsoleCredentials store = new WebConsoleCredentials(tmp.getRoot().toPath());
        WebConsoleCredentials.Credentials first = store.ensure();
        WebConsoleCredentials.Credentials second = store.ensure();
        assertEquals(first.passwordHash(), second.passwordHash());
        assertTrue(second.generatedPassword().isEmpty());
    }

    @Test
    public void plainTextPasswordWrittenByAnOperatorIsReplacedByItsHash() throws Exception {
        WebConsoleCredentials store = new WebConsoleCredentials(tmp.getRoot().toPath());
        Files.writeString(
                store.credentialsFile(),
                "felix.webconsole.username=ops\nfelix.webconsole.password=my own long secret\n");
        WebConsoleCredentials.Credentials credentials = store.ensure();
        assertEquals("ops", credentials.username());
        assertTrue(webConsoleMatches(credentials.passwordHash(), "my own long secret"));
        String stored = Files.readString(store.credentialsFile());
        assertFalse(stored.contains("my own long secret"));
        assertTrue(stored.contains("felix.webconsole.username=ops"));
        assertOwnerOnly(store.credentialsFile());
    }

    @Test
    public void adminAdminIsRefused() throws Exception {
        WebConsoleCredentials store = new WebConsoleCredentials(tmp.getRoot().toPath());
        Files.writeString(store.credentialsFile(), "felix.webconsole.password=" + WEBCONSOLE_DEFAULT_ADMIN_HASH + "\n");
        try {
            store.ensure();
            fail("the web console's default password must be refused");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("'admin'"));
        }
        try {
            store.setPassword("admin");
            fail("a short password must be refused");
        } catch (IllegalArgumentException expected) {
            // fine
        }
    }

    @Test
    public void settingAPasswordRemovesTheGeneratedOne() throws Exception {
        WebConsoleCredentials store = new WebConsoleCredentials(tmp.getRoot().toPath());
        store.ensure();
        store.setPassword("a password chosen by ops");
        assertFalse(Files.exists(store.initialPasswordFile()));
        WebConsoleCredentials.Credentials credentials = store.ensure();
        assertTrue(credentials.generatedPassword().isEmpty());
        assertTrue(webConsoleMatches(credentials.passwordHash(), "a password chosen by ops"));
    }

    @Test
    public void regenerateReplacesThePassword() throws Exception {
        WebConsoleCredentials store = new WebConsoleCredentials(tmp.getRoot().toPath());
        String first = store.ensure().generatedPassword().orElseThrow();
        String second = store.regenerate();
        assertNotEquals(first, second);
        assertTrue(webConsoleMatches(store.ensure().passwordHash(), second));
        assertEquals(second, Files.readString(store.initialPasswordFile()).trim());
    }

    private static void assertOwnerOnly(Path file) throws Exception {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    private static Class<?> webConsolePasswordClass() throws ClassNotFoundException {
        return Class.forName("org.apache.felix.webconsole.internal.servlet.Password");
    }

    /** What {@code BasicWebConsoleSecurityProvider.authenticate} does: {@code new Password(stored).matches(bytes)}. */
    private static boolean webConsoleMatches(String stored, String password) throws Exception {
        Constructor<?> constructor = webConsolePasswordClass().getDeclaredConstructor(String.class);
        constructor.setAccessible(true);
        Object instance = constructor.newInstance(stored);
        Method matches = instance.getClass().getDeclaredMethod("matches", byte[].class);
        matches.setAccessible(true);
        return (Boolean) matches.invoke(instance, (Object) password.getBytes());
    }
}
