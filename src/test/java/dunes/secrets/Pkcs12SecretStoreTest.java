package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store reads what operators write with the JDK's own keytool, and its bindings from a properties file beside it. */
class Pkcs12SecretStoreTest {

  @TempDir Path dir;

  @Test
  void shouldReadAPasswordStoredWithKeytoolImportpass() throws Exception {
    Path file = dir.resolve("secrets.p12");
    keytoolImportpass(file, "store-pw-123", "vcenter-admin", "Ultra-Secret-9");
    keytoolImportpass(file, "store-pw-123", "sso-admin", "Other-Secret-7");

    Pkcs12SecretStore store = new Pkcs12SecretStore(file, "store-pw-123".toCharArray());

    assertThat(store.resolve(new SecretRef("vcenter-admin")).revealAsString()).isEqualTo("Ultra-Secret-9");
    assertThat(store.resolve(new SecretRef("sso-admin")).revealAsString()).isEqualTo("Other-Secret-7");
    assertThat(store.contains(new SecretRef("ca-enroll"))).isFalse();
    assertThatThrownBy(() -> store.resolve(new SecretRef("ca-enroll")))
        .isInstanceOf(UnknownSecretException.class).hasMessageContaining(file.toString());
  }

  @Test
  void shouldSayWhichFileItCannotOpenWithAWrongPassword() throws Exception {
    Path file = dir.resolve("secrets.p12");
    keytoolImportpass(file, "store-pw-123", "vcenter-admin", "x");

    Pkcs12SecretStore store = new Pkcs12SecretStore(file, "wrong-password".toCharArray());

    assertThatThrownBy(() -> store.contains(new SecretRef("vcenter-admin"))).hasMessageContaining(file.toString());
  }

  @Test
  void shouldTakeBindingsFromTheFileBesideTheStoreReadAtEachLookup() throws Exception {
    Path file = dir.resolve("secrets.p12");
    keytoolImportpass(file, "store-pw-123", "vcenter-admin", "Ultra-Secret-9");
    Pkcs12SecretStore store = new Pkcs12SecretStore(file, "store-pw-123".toCharArray());
    SecretRef ref = new SecretRef("vcenter-admin");
    Destination vcenter = Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443);

    assertThatThrownBy(() -> store.resolveFor(ref, vcenter)).isInstanceOf(SecretNotAllowedException.class)
        .hasMessageContaining("no binding (" + dir.resolve("secrets.p12.bindings") + ": vcenter-admin.purposes");

    Files.writeString(dir.resolve("secrets.p12.bindings"), """
        # written by an operator
        vcenter-admin.purposes = vcenter
        vcenter-admin.hosts = vcenter.corp.example:443
        """);

    assertThat(store.resolveFor(ref, vcenter).revealAsString()).isEqualTo("Ultra-Secret-9");
    assertThatThrownBy(() -> store.resolveFor(ref, Destination.to(Purpose.VCENTER, "attacker.example", 443)))
        .isInstanceOf(SecretNotAllowedException.class).hasMessageContaining("attacker.example")
        .hasMessageNotContaining("Ultra-Secret-9");
    assertThat(store.names()).containsExactly("vcenter-admin");
  }

  @Test
  void shouldRefuseABindingsFileOthersMayWriteOrWithAnUnknownKey() throws Exception {
    Path file = dir.resolve("secrets.p12");
    keytoolImportpass(file, "store-pw-123", "vcenter-admin", "x");
    Path bindings = dir.resolve("secrets.p12.bindings");
    Files.writeString(bindings, "vcenter-admin.purposes=vcenter\nvcenter-admin.hosts=vcenter.corp.example\n");
    Files.setPosixFilePermissions(bindings, PosixFilePermissions.fromString("rw-rw-r--"));
    Pkcs12SecretStore store = new Pkcs12SecretStore(file, "store-pw-123".toCharArray());
    SecretRef ref = new SecretRef("vcenter-admin");

    assertThatThrownBy(() -> store.binding(ref)).hasMessageContaining("may be written by others")
        .hasMessageContaining("chmod go-w");

    Files.setPosixFilePermissions(bindings, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(bindings, "vcenter-admin.host=vcenter.corp.example\n");
    assertThatThrownBy(() -> store.binding(ref)).hasMessageContaining("'vcenter-admin.host' is not <secret>.purposes");
  }

  @Test
  void shouldRefuseHostPatternsInTheBindingsFileUnlessAllowed() throws Exception {
    Path file = dir.resolve("secrets.p12");
    keytoolImportpass(file, "store-pw-123", "vcenter-admin", "x");
    Path bindings = dir.resolve("elsewhere.properties");
    Files.writeString(bindings, "vcenter-admin.purposes=vcenter\nvcenter-admin.hosts=*.corp.example\n");
    SecretRef ref = new SecretRef("vcenter-admin");
    Destination vcenter = Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443);

    assertThatThrownBy(() -> new Pkcs12SecretStore(file, "store-pw-123".toCharArray(), bindings, false)
        .resolveFor(ref, vcenter)).hasMessageContaining("is a pattern");
    assertThat(new Pkcs12SecretStore(file, "store-pw-123".toCharArray(), bindings, true).resolveFor(ref, vcenter)
        .revealAsString()).isEqualTo("x");
  }

  private static void keytoolImportpass(Path file, String storePassword, String alias, String secret) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-importpass", "-noprompt", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", storePassword, "-alias", alias)
        .redirectErrorStream(true).start();
    // keytool reads the password to store twice (entry and confirmation) from standard input
    process.getOutputStream().write((secret + "\n" + secret + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
