package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabCertificates;
import dunes.lab.LabHttp;
import dunes.lab.LabTls;
import dunes.pki.Fingerprints;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OVF source against a real HTTPS server (the JDK's, on 127.0.9.20) serving the lab's tiny
 * appliance OVF under /ovf/, with a self-signed certificate whose fingerprint is pinned.
 */
class OvfSourceTest {

  static final String HOST = "127.0.9.20";
  static final Path FIXTURES = Path.of("src/test/resources/ovf");
  static final String OVF = "vco-appliance.ovf";
  static final String DISK = "vco-appliance-disk.vmdk";

  @TempDir Path tmp;
  Path root;
  Path served;
  Path cache;
  HttpsServer server;
  String pin;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final Map<String, Integer> forcedStatus = new ConcurrentHashMap<>();
  final Set<String> cutShort = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void serve() throws IOException {
    root = tmp.resolve("www");
    served = Files.createDirectories(root.resolve("ovf"));
    Files.copy(FIXTURES.resolve(OVF), served.resolve(OVF));
    Files.copy(FIXTURES.resolve(DISK), served.resolve(DISK));
    cache = tmp.resolve("ovf-cache");
    LabCertificates.Issued certificate = LabCertificates.selfSigned("ovf.lab.test", List.of("ovf.lab.test"), List.of(HOST));
    pin = Fingerprints.sha256(certificate.certificate());
    server = LabHttp.https(HOST, 0, LabTls.server(certificate));
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      Path file = root.resolve(path.substring(1)).normalize();
      if (forcedStatus.containsKey(path)) {
        LabHttp.text(exchange, forcedStatus.get(path), "forced by the test");
      } else if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        LabHttp.text(exchange, 404, "no such file");
      } else if (cutShort.contains(path)) {
        exchange.sendResponseHeaders(200, Files.size(file));
        exchange.getResponseBody().write(Files.readAllBytes(file), 0, 100);
      } else {
        byte[] body = Files.readAllBytes(file);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  private String url(String name) {
    return "https://" + HOST + ":" + server.getAddress().getPort() + "/ovf/" + name;
  }

  /** File OVFs allowed below {@code tmp/local}, the folder the file: tests write to. */
  private OvfSource source() {
    return new OvfSource(cache, OvfDirectory.of(tmp.resolve("local")), null, Duration.ofSeconds(10));
  }

  private Path cached(String url) {
    return cache.resolve(OvfSource.sha256(url));
  }

  private List<Path> cachedFiles() throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(cache)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static String sha256(Path file) throws IOException {
    return OvfManifest.digest(file, "SHA-256");
  }

  private String replaceHref(String name, String href) throws IOException {
    String descriptor = Files.readString(served.resolve(OVF))
        .replace("ovf:href=\"" + DISK + "\"", "ovf:href=\"" + href + "\"");
    Files.writeString(served.resolve(name), descriptor);
    return url(name);
  }

  @Test
  void shouldDownloadTheDescriptorAndItsDiskIntoTheCacheFolderOfTheUrl() throws IOException {
    Path descriptor = source().resolve(url(OVF), pin);

    assertThat(descriptor).isEqualTo(cached(url(OVF)).resolve(OVF));
    assertThat(descriptor).hasSameBinaryContentAs(FIXTURES.resolve(OVF));
    assertThat(descriptor.resolveSibling(DISK)).hasSameBinaryContentAs(FIXTURES.resolve(DISK));
    assertThat(requests).containsExactly("/ovf/" + OVF, "/ovf/vco-appliance.mf", "/ovf/" + DISK);
    assertThat(cachedFiles()).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
  }

  @Test
  void shouldFetchOnlyTheDescriptorForAReadOnlyLook() throws IOException {
    Path descriptor = source().descriptor(url(OVF), pin);

    assertThat(descriptor).hasSameBinaryContentAs(FIXTURES.resolve(OVF));
    assertThat(requests).containsExactly("/ovf/" + OVF);
    assertThat(descriptor.resolveSibling(DISK)).doesNotExist();

    requests.clear();
    source().resolve(url(OVF), pin); // the deploy later: the cached descriptor, then its files
    assertThat(requests).containsExactly("/ovf/vco-appliance.mf", "/ovf/" + DISK);
  }

  @Test
  void shouldTellAServerThatDoesNotAnswerFromAnOvfThatIsWrong() {
    forcedStatus.put("/ovf/" + OVF, 503);
    assertThatThrownBy(() -> source().descriptor(url(OVF), pin)).isInstanceOf(OvfUnreachableException.class)
        .hasMessageContaining("HTTP 503");

    forcedStatus.put("/ovf/" + OVF, 404);
    assertThatThrownBy(() -> source().descriptor(url(OVF), pin)).isInstanceOf(OvfSourceException.class)
        .isNotInstanceOf(OvfUnreachableException.class).hasMessageContaining("HTTP 404");

    server.stop(0);
    assertThatThrownBy(() -> source().descriptor(url(OVF), pin)).isInstanceOf(OvfUnreachableException.class);
  }

  @Test
  void shouldDownloadNothingWhenTheCacheHasConverged() throws IOException {
    Path first = source().resolve(url(OVF), pin);
    requests.clear();

    Path again = source().resolve(url(OVF), pin);

    assertThat(again).isEqualTo(first);
    assertThat(requests).isEmpty();
  }

  @Test
  void shouldDownloadAgainOnlyTheCachedFileWhoseSizeDiffersFromTheDescriptor() throws IOException {
    Path descriptor = source().resolve(url(OVF), pin);
    Files.write(descriptor.resolveSibling(DISK), new byte[10]);
    requests.clear();

    source().resolve(url(OVF), pin);

    assertThat(requests).containsExactly("/ovf/" + DISK);
    assertThat(descriptor.resolveSibling(DISK)).hasSameBinaryContentAs(FIXTURES.resolve(DISK));
  }

  @Test
  void shouldRefuseAServerWithoutThePinnedCertificateAndCacheNothing() throws IOException {
    String other = Fingerprints.sha256(LabCertificates.selfSigned("other", List.of(), List.of(HOST)).certificate());

    assertThatThrownBy(() -> source().resolve(url(OVF), other))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageStartingWith("cannot download OVF " + url(OVF) + ": ")
        .hasMessageContaining("TLS to " + HOST)
        .hasMessageContaining("is neither the pinned " + other);
    assertThat(requests).isEmpty();
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void shouldTrustOnlyTheJdksTrustStoreWhenNoFingerprintIsPinned() throws IOException {
    assertThatThrownBy(() -> source().resolve(url(OVF), null))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageContaining("the server's certificate is not trusted");
    assertThat(cachedFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 404, 500, 503})
  void shouldNameTheFileStatusAndUrlWhenTheServerRefusesTheDisk(int status) throws IOException {
    forcedStatus.put("/ovf/" + DISK, status);

    assertThatThrownBy(() -> source().resolve(url(OVF), pin))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageStartingWith("cannot download OVF " + url(OVF) + ": " + DISK + ": " + url(DISK)
            + " answered HTTP " + status);
    assertThat(cached(url(OVF)).resolve(DISK)).doesNotExist();
    assertThat(cachedFiles()).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
  }

  @Test
  void shouldNameTheStatusAndUrlWhenTheServerFailsTheDescriptor() throws IOException {
    forcedStatus.put("/ovf/" + OVF, 503);

    assertThatThrownBy(() -> source().resolve(url(OVF), pin))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageContaining(url(OVF) + " answered HTTP 503");
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void shouldLeaveNoFileUnderTheFinalNameWhenADownloadIsCutShort() throws IOException {
    cutShort.add("/ovf/" + DISK);

    assertThatThrownBy(() -> source().resolve(url(OVF), pin))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageContaining(DISK);
    assertThat(cached(url(OVF)).resolve(DISK)).doesNotExist();
    assertThat(cachedFiles()).noneMatch(f -> f.getFileName().toString().endsWith(".part"));

    cutShort.clear();
    assertThat(source().resolve(url(OVF), pin).resolveSibling(DISK)).hasSameBinaryContentAs(FIXTURES.resolve(DISK));
  }

  @Test
  void shouldSweepTheTempFileOfACrashedDownload() throws IOException {
    Path crashed = Files.createDirectories(cached(url(OVF))).resolve("." + DISK + ".4711.part");
    Files.write(crashed, new byte[100]);
    Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    source().resolve(url(OVF), pin);

    assertThat(crashed).doesNotExist();
    assertThat(cachedFiles()).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
  }

  @Test
  void shouldRemoveAFileThatDoesNotMatchTheManifest() throws IOException {
    Files.writeString(served.resolve("vco-appliance.mf"), "SHA256(" + OVF + ")= " + sha256(served.resolve(OVF)) + "\n"
        + "SHA256(" + DISK + ")= " + "ab".repeat(32) + "\n");

    assertThatThrownBy(() -> source().resolve(url(OVF), pin))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageStartingWith("cannot download OVF " + url(OVF) + ": " + DISK + " does not match manifest vco-appliance.mf")
        .hasMessageContaining("the manifest states " + "ab".repeat(32));
    assertThat(cached(url(OVF)).resolve(DISK)).doesNotExist();
    assertThat(cached(url(OVF)).resolve("vco-appliance.mf")).doesNotExist();
    assertThat(cached(url(OVF)).resolve(OVF)).exists();
  }

  @Test
  void shouldAcceptFilesThatMatchTheManifestAndCheckThemAgainWithoutDownloading() throws IOException {
    Files.writeString(served.resolve("vco-appliance.mf"), "SHA1(" + OVF + ")= "
        + OvfManifest.digest(served.resolve(OVF), "SHA-1") + "\n"
        + "SHA256(" + DISK + ")= " + sha256(served.resolve(DISK)).toUpperCase() + "\n");

    Path descriptor = source().resolve(url(OVF), pin);
    requests.clear();
    source().resolve(url(OVF), pin);

    assertThat(descriptor.resolveSibling("vco-appliance.mf")).hasSameBinaryContentAs(served.resolve("vco-appliance.mf"));
    assertThat(descriptor.resolveSibling(DISK)).hasSameBinaryContentAs(FIXTURES.resolve(DISK));
    assertThat(requests).isEmpty();
  }

  @Test
  void shouldRefuseADescriptorThatIsNotOvfAndCacheNothing() throws IOException {
    Files.writeString(served.resolve("login.ovf"), "<html><body>Please sign in</body></html>");

    assertThatThrownBy(() -> source().resolve(url("login.ovf"), pin))
        .isInstanceOf(OvfSourceException.class)
        .hasMessage("cannot download OVF " + url("login.ovf") + ": login.ovf is not an OVF descriptor: root element is "
            + "<html>, not an http://schemas.dmtf.org/ovf/envelope/1 Envelope");
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void shouldRefuseADescriptorWithADoctypeSoNoEntityIsEverResolved() throws IOException {
    Files.writeString(served.resolve("xxe.ovf"), "<?xml version=\"1.0\"?>\n<!DOCTYPE Envelope [<!ENTITY x SYSTEM "
        + "\"file:///etc/hostname\">]>\n<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\">&x;</Envelope>");

    assertThatThrownBy(() -> source().resolve(url("xxe.ovf"), pin))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageContaining("xxe.ovf is not an OVF descriptor")
        .hasMessageContaining("DOCTYPE");
    assertThat(cachedFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../secret.vmdk", "disks/../../secret.vmdk", "%2e%2e/secret.vmdk", "/secret.vmdk",
      "https://elsewhere.test/secret.vmdk", "//elsewhere.test/secret.vmdk", ".hidden.vmdk"})
  void shouldRefuseAnHrefOutsideTheDescriptorsFolder(String href) throws IOException {
    Files.writeString(root.resolve("secret.vmdk"), "not for Dunes");
    String url = replaceHref("evil.ovf", href);

    assertThatThrownBy(() -> source().resolve(url, pin))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageContaining("evil.ovf references '" + href + "', which Dunes refuses");
    assertThat(requests).containsExactly("/ovf/evil.ovf");
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void shouldFollowAnHrefIntoASubfolder() throws IOException {
    Files.createDirectories(served.resolve("disks"));
    Files.copy(FIXTURES.resolve(DISK), served.resolve("disks/" + DISK));
    String url = replaceHref("nested.ovf", "disks/" + DISK);

    Path descriptor = source().resolve(url, pin);

    assertThat(descriptor.resolveSibling("disks/" + DISK)).hasSameBinaryContentAs(FIXTURES.resolve(DISK));
  }

  @Test
  void shouldReachTheServerByANameFromTheGivenResolver() throws IOException {
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    names.add("ovf.lab.test", InetAddress.getByAddress("ovf.lab.test", new byte[] {127, 0, 9, 20}));
    String url = "https://ovf.lab.test:" + server.getAddress().getPort() + "/ovf/" + OVF;

    Path descriptor = new OvfSource(cache, OvfDirectory.none(), names, Duration.ofSeconds(10)).resolve(url, pin);

    assertThat(descriptor).isEqualTo(cached(url).resolve(OVF));
    assertThat(descriptor.resolveSibling(DISK)).hasSameBinaryContentAs(FIXTURES.resolve(DISK));
  }

  @Test
  void shouldUseARelativeFileUrlInPlace() throws IOException {
    Path descriptor = new OvfSource(cache, OvfDirectory.of(FIXTURES), null, Duration.ofSeconds(10))
        .resolve("file:src/test/resources/ovf/" + OVF, null);

    assertThat(Files.isSameFile(descriptor, FIXTURES.resolve(OVF))).isTrue();
    assertThat(descriptor).isAbsolute();
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void shouldNameTheMissingDiskOfAFileUrl() throws IOException {
    Path local = Files.createDirectories(tmp.resolve("local"));
    Files.copy(FIXTURES.resolve(OVF), local.resolve(OVF));
    String url = local.resolve(OVF).toUri().toString();

    assertThatThrownBy(() -> source().resolve(url, null))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageStartingWith("cannot read OVF descriptor " + url + ": " + DISK + " is missing");
  }

  @Test
  void shouldNameWhatIsWrongWithAFileUrl() throws IOException {
    Path local = Files.createDirectories(tmp.resolve("local"));
    Files.writeString(local.resolve("not.ovf"), "<VirtualSystem/>", StandardCharsets.UTF_8);
    Files.copy(FIXTURES.resolve(OVF), local.resolve(OVF));
    Files.write(local.resolve(DISK), new byte[100]);

    assertThatThrownBy(() -> source().resolve(local.resolve("not.ovf").toUri().toString(), null))
        .hasMessageEndingWith("not.ovf is not an OVF descriptor: root element is <VirtualSystem>, not an "
            + "http://schemas.dmtf.org/ovf/envelope/1 Envelope");
    assertThatThrownBy(() -> source().resolve(local.resolve("gone.ovf").toUri().toString(), null))
        .hasMessageContaining("gone.ovf is missing");
    assertThatThrownBy(() -> source().resolve(local.resolve(OVF).toUri().toString(), null))
        .hasMessageEndingWith(DISK + " is 100 bytes, " + OVF + " states 6144");
  }

  @Test
  void shouldRefuseOtherSchemes() {
    assertThatThrownBy(() -> source().resolve("http://" + HOST + "/ovf/" + OVF, null))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageContaining("only https: and file: URLs are supported");
  }

  @Test
  void shouldReadNoFileUrlWithoutAnOvfDirectory() {
    OvfSource none = new OvfSource(cache, OvfDirectory.none(), null, Duration.ofSeconds(10));

    assertThatThrownBy(() -> none.resolve("file:src/test/resources/ovf/" + OVF, null))
        .isInstanceOf(OvfSourceException.class)
        .hasMessageContaining("no dunes.vsphere.ovf-directory is configured");
  }

  @Test
  void shouldRefuseAFileUrlOutsideTheOvfDirectoryOrSteppingUp() throws IOException {
    Files.createDirectories(tmp.resolve("local"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.copy(FIXTURES.resolve(OVF), elsewhere.resolve(OVF));
    Files.copy(FIXTURES.resolve(DISK), elsewhere.resolve(DISK));

    assertThatThrownBy(() -> source().resolve(elsewhere.resolve(OVF).toUri().toString(), null))
        .isInstanceOf(OvfSourceException.class).hasMessageContaining("read only below");
    assertThatThrownBy(() -> source().resolve("file:" + tmp.resolve("local") + "/../elsewhere/" + OVF, null))
        .isInstanceOf(OvfSourceException.class).hasMessageContaining("must not step up with '..'");
  }

  @Test
  void shouldRefuseADescriptorOrDiskThatLinksOutOfTheOvfDirectory() throws IOException {
    Path local = Files.createDirectories(tmp.resolve("local"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.copy(FIXTURES.resolve(OVF), elsewhere.resolve(OVF));
    Files.copy(FIXTURES.resolve(DISK), elsewhere.resolve(DISK));
    Path linkedDescriptor = Files.createDirectories(local.resolve("a"));
    Files.createSymbolicLink(linkedDescriptor.resolve(OVF), elsewhere.resolve(OVF));
    Files.copy(FIXTURES.resolve(DISK), linkedDescriptor.resolve(DISK));
    Path linkedDisk = Files.createDirectories(local.resolve("b"));
    Files.copy(FIXTURES.resolve(OVF), linkedDisk.resolve(OVF));
    Files.createSymbolicLink(linkedDisk.resolve(DISK), elsewhere.resolve(DISK));

    assertThatThrownBy(() -> source().resolve(linkedDescriptor.resolve(OVF).toUri().toString(), null))
        .isInstanceOf(OvfSourceException.class).hasMessageContaining(OVF + " leads out of");
    assertThatThrownBy(() -> source().resolve(linkedDisk.resolve(OVF).toUri().toString(), null))
        .isInstanceOf(OvfSourceException.class).hasMessageContaining(DISK + " leads out of");
  }

  @Test
  void shouldFindALinkOutOfTheOvfDirectoryAlreadyWhenTheRequestIsValidated() throws IOException {
    Path local = Files.createDirectories(tmp.resolve("local"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.copy(FIXTURES.resolve(OVF), elsewhere.resolve(OVF));
    Files.createSymbolicLink(local.resolve("linked.ovf"), elsewhere.resolve(OVF));
    Files.copy(FIXTURES.resolve(OVF), local.resolve(OVF));
    OvfDirectory directory = OvfDirectory.of(local);

    assertThat(directory.problem(local.resolve("linked.ovf").toUri().toString())).get().asString()
        .contains("linked.ovf leads out of");
    assertThat(directory.problem(local.resolve(OVF).toUri().toString())).isEmpty();
    assertThat(directory.problem("file:" + local.resolve("not-yet-there.ovf"))).isEmpty(); // the probe reports a missing file
  }
}
