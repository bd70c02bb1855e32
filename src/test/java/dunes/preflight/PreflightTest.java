package dunes.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsServer;
import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.dns.DnsProperties;
import dunes.dns.DnsjavaNameLookup;
import dunes.dns.NameLookup;
import dunes.lab.LabCertificates;
import dunes.lab.dns.LabDns;
import dunes.lab.LabHttp;
import dunes.lab.LabTls;
import dunes.pki.Fingerprints;
import dunes.pki.OpenSslServer;
import dunes.support.ExampleRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Preflight against real peers on 127.0.62.x: Debian's dnsmasq serving the request's zone (the lab's
 * DNS), a listener a test opens on a node's address, a JDK HTTPS server with a lab certificate,
 * OpenSSL's s_server, and ports nothing listens on.
 */
class PreflightTest {

  static final String VCENTER = "127.0.62.40";
  static final String NODE_1 = "127.0.62.11";
  static final String DNS = "127.0.62.53";
  static final int DNS_PORT = 15353;
  static final Map<String, String> RECORDS = Map.of("vcvco.lab.local", "127.0.62.10", "vcvco1.lab.local", NODE_1,
      "vcvco2.lab.local", "127.0.62.12", "db.lab.local", "127.0.62.45");

  @TempDir Path dir;
  LabDns dns;
  LabCertificates.Issued vcenterCertificate;
  HttpsServer vcenter;
  int closedPort;
  int probedPort;

  @BeforeEach
  void start() throws Exception {
    dns = LabDns.start(Path.of("/usr/sbin/dnsmasq"), new LabDns.Settings(DNS, DNS_PORT, "lab.local", dir), RECORDS);
    vcenterCertificate = LabCertificates.selfSigned("vcenter.lab.local", List.of("vcenter.lab.local"), List.of(VCENTER));
    vcenter = LabHttp.https(VCENTER, 0, LabTls.server(vcenterCertificate));
    vcenter.start();
    closedPort = freePort("127.0.62.1");
    probedPort = freePort(NODE_1);
  }

  @AfterEach
  void stop() {
    vcenter.stop(0);
    dns.close();
  }

  @Test
  void shouldPassEveryNameAndAddressWithItsRecords() {
    PreflightReport report = preflight().run(spec(request -> {}));

    assertThat(report.checks()).filteredOn(c -> c.check().startsWith("dns.")).extracting(PreflightCheck::check,
        PreflightCheck::field, PreflightCheck::passed).containsExactly(
        tuple("dns.forward", "cluster.fqdn", true), tuple("dns.forward", "nodes[0].fqdn", true),
        tuple("dns.forward", "nodes[1].fqdn", true), tuple("dns.reverse", "cluster.virtualIp", true),
        tuple("dns.reverse", "nodes[0].ip", true), tuple("dns.reverse", "nodes[1].ip", true),
        tuple("dns.forward", "database.host", true));
  }

  @Test
  void shouldFailANodeWhoseNameHasNoRecordOnItsFqdnAndItsAddress() {
    dns.delete("vcvco2.lab.local");

    PreflightReport report = preflight().run(spec(request -> {}));

    assertThat(report.errors()).filteredOn(e -> e.field().startsWith("nodes[1]")).extracting(dunes.build.FieldError::field)
        .containsExactly("nodes[1].fqdn", "nodes[1].ip");
    assertThat(report.errors().get(0).message()).isEqualTo("vcvco2.lab.local does not resolve: the DNS servers ["
        + DNS + "] must answer vcvco2.lab.local with the A record 127.0.62.12 (nodes[1].ip) alone");
    assertThat(report.errors().get(1).message()).contains("127.0.62.12 has no reverse record",
        "12.62.0.127.in-addr.arpa must name vcvco2.lab.local (nodes[1].fqdn)");
  }

  @Test
  void shouldFailAWrongReverseRecordNamingBothNames() {
    dns.putReverse(NODE_1, "vcvcoold.lab.local"); // node 1's address still named after its previous host

    PreflightReport report = preflight().run(spec(request -> {}));

    assertThat(report.errors()).extracting(dunes.build.FieldError::field).startsWith("nodes[0].ip");
    assertThat(report.errors().get(0).message()).isEqualTo(NODE_1 + " reverses to vcvcoold.lab.local, not"
        + " vcvco1.lab.local: the PTR record of 11.62.0.127.in-addr.arpa must name vcvco1.lab.local (nodes[0].fqdn)"
        + " alone");
  }

  @Test
  void shouldFailANameThatResolvesToAnotherAddress() {
    dns.put("vcvco.lab.local", "127.0.62.99");

    PreflightReport report = preflight().run(spec(request -> {}));

    assertThat(report.errors()).extracting(dunes.build.FieldError::field).startsWith("cluster.fqdn", "cluster.virtualIp");
    assertThat(report.errors().get(0).message()).startsWith("vcvco.lab.local resolves to 127.0.62.99, not 127.0.62.10"
        + " alone");
  }

  @Test
  void shouldTellADnsThatDoesNotAnswerFromAMissingName() {
    BuildSpec deaf = spec(request -> ExampleRequest.node(request, "network").putArray("dns").add("127.0.62.54"));

    assertThatThrownBy(() -> preflight().run(deaf)).isInstanceOf(NameLookup.DnsUnavailableException.class)
        .hasMessageContaining("127.0.62.54");
  }

  @Test
  void shouldPassFreeAddressesAndReadTheCertificateAnEndpointPresents() {
    PreflightReport report = preflight().run(spec(pin -> {}));

    assertThat(report.checks()).filteredOn(c -> c.check().equals("address.free"))
        .extracting(PreflightCheck::field, PreflightCheck::passed)
        .containsExactly(tuple("cluster.virtualIp", true), tuple("nodes[0].ip", true), tuple("nodes[1].ip", true));
    EndpointCertificate read = report.certificates().get(0);
    assertThat(read.key()).isEqualTo("vcenter");
    assertThat(read.url()).isEqualTo("https://" + VCENTER + ":" + vcenter.getAddress().getPort() + "/sdk");
    assertThat(read.subject()).isEqualTo(vcenterCertificate.certificate().getSubjectX500Principal().getName());
    assertThat(read.subjectAltNames()).containsExactly("DNS:vcenter.lab.local", "IP:" + VCENTER);
    assertThat(read.nameMatches()).as("dialled by its address, which the certificate names").isTrue();
    assertThat(read.fingerprint()).isEqualTo(Fingerprints.sha256(vcenterCertificate.certificate()));
    assertThat(read.notAfter()).isEqualTo(vcenterCertificate.certificate().getNotAfter().toInstant());
    assertThat(read.pinned()).isNull();
  }

  @Test
  void shouldFindANodeAddressInUseAndNameThePortItAnswersOn() throws Exception {
    try (ServerSocket squatter = new ServerSocket(probedPort, 1, InetAddress.getByName(NODE_1))) {
      long started = System.nanoTime();

      PreflightReport report = preflight().run(spec(pin -> {}));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(report.passed()).isFalse();
      assertThat(report.errors()).filteredOn(e -> e.field().equals("nodes[0].ip")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains(NODE_1, "in use", "port " + probedPort));
      assertThat(report.errors()).extracting(dunes.build.FieldError::field).doesNotContain("nodes[1].ip", "cluster.virtualIp");
    }
  }

  @Test
  void shouldNotWaitOutTheConnectTimeoutWhenEveryPortRefuses() {
    AddressChecks checks = new AddressChecks(new PreflightProperties(List.of(probedPort, closedPort),
        Duration.ofSeconds(5), Duration.ofSeconds(2), false));
    long started = System.nanoTime();

    List<PreflightCheck> free = checks.tcp(List.of(new AddressChecks.Target("nodes[0].ip", NODE_1),
        new AddressChecks.Target("nodes[1].ip", "127.0.62.12")));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a refusal is an answer").isLessThan(Duration.ofSeconds(1));
    assertThat(free).allMatch(PreflightCheck::passed);
  }

  @Test
  void shouldFailTheFieldOfAnEndpointThatPresentsNoCertificate() {
    PreflightReport report = preflight().run(spec(pin -> {}));

    assertThat(report.errors()).extracting(dunes.build.FieldError::field)
        .containsExactly("edge.managerUrl", "ca.url", "sso.host", "ovf.reference.url");
    assertThat(report.errors().get(0).message()).contains("127.0.62.1:" + closedPort, "refused", "edge.managerUrl");
    assertThat(report.certificates()).extracting(EndpointCertificate::key).containsExactly("vcenter");
  }

  @Test
  void shouldCarryTheRequestsPinAndMatchTheCommonNameOfACertificateWithoutNames() throws Exception {
    try (OpenSslServer openssl = OpenSslServer.start("-tls1_2", "127.0.62.30")) {
      String pin = Fingerprints.sha256(vcenterCertificate.certificate()).replace(":", "").toLowerCase();
      PreflightReport report = preflight().run(spec(request -> {
        ExampleRequest.node(request, "vcenter").put("fingerprint", pin);
        ExampleRequest.node(request, "edge").put("managerUrl", "https://127.0.62.30:" + openssl.port());
      }));

      EndpointCertificate vc = report.certificates().get(0);
      assertThat(vc.pinned()).isEqualTo(pin);
      assertThat(vc.pinnedAndMatching()).isTrue();
      EndpointCertificate edge = report.certificates().get(1);
      assertThat(edge.key()).isEqualTo("edge");
      assertThat(edge.subject()).isEqualTo("CN=legacy.lab.local");
      assertThat(edge.subjectAltNames()).isEmpty();
      assertThat(edge.nameMatches()).as("an address dialled, and no IP name in the certificate").isFalse();
      assertThat(edge.fingerprint()).isEqualTo(openssl.fingerprint());
    }
  }

  @Test
  void shouldCallEveryLoopbackAddressInUseWithTheEchoCheckWhichIsWhyItIsOffByDefault() {
    PreflightProperties icmp = new PreflightProperties(List.of(probedPort), Duration.ofMillis(500),
        Duration.ofSeconds(2), true);

    PreflightReport report = new Preflight(icmp, new DnsjavaNameLookup(new DnsProperties(Duration.ofMillis(500),
        DNS_PORT)), null).run(spec(request -> {}));

    // nothing listens on 127.0.62.10-12, yet the host itself answers for all of 127/8
    assertThat(report.errors()).filteredOn(e -> e.message().contains("ICMP echo"))
        .extracting(dunes.build.FieldError::field).containsExactly("cluster.virtualIp", "nodes[0].ip", "nodes[1].ip");
  }

  @Test
  void shouldReadAnEndpointByTheNameTheBuildDialsAndFailAnEndpointWhoseNameDoesNotResolve() {
    dns.put("vcenter.lab.local", VCENTER);
    dunes.dns.RequestZones zones = new dunes.dns.RequestZones();
    zones.learn("lab.local", List.of(DNS)); // as the build's clients resolve: at the request's DNS servers
    NameLookup lookup = new DnsjavaNameLookup(new DnsProperties(Duration.ofMillis(500), DNS_PORT));
    Preflight preflight = new Preflight(new PreflightProperties(List.of(probedPort), Duration.ofMillis(500),
        Duration.ofSeconds(2), false), lookup, new dunes.dns.RequestDns(zones, lookup));

    PreflightReport report = preflight.run(spec(request -> {
      ExampleRequest.node(request, "vcenter").put("url", "https://vcenter.lab.local:" + vcenter.getAddress().getPort()
          + "/sdk");
      ExampleRequest.node(request, "edge").put("managerUrl", "https://nowhere.lab.local:" + closedPort);
    }));

    assertThat(report.checks()).filteredOn(c -> c.field().equals("vcenter.url")).extracting(PreflightCheck::check,
        PreflightCheck::passed).containsExactly(tuple("dns.forward", true), tuple("certificate.read", true));
    assertThat(report.certificates().get(0).nameMatches()).as("dialled by name, among its DNS names").isTrue();
    assertThat(report.errors()).filteredOn(e -> e.field().equals("edge.managerUrl")).extracting(
        dunes.build.FieldError::message).satisfiesExactly(
        m -> assertThat(m).startsWith("nowhere.lab.local (the vShield Manager, whose edge gets the virtual IP and the"
            + " load balancer) does not resolve in the DNS servers [" + DNS + "]"),
        m -> assertThat(m).contains("cannot read the certificate of nowhere.lab.local:" + closedPort, "does not resolve"));
  }

  @Test
  void shouldKeepNoUserInfoOfAnEndpointsUrlInTheReport() {
    String url = "https://admin:s3cret@" + VCENTER + ":" + vcenter.getAddress().getPort() + "/sdk";

    PreflightReport report = preflight().run(spec(request -> ExampleRequest.node(request, "vcenter").put("url", url)));

    assertThat(report.certificates().get(0).url()).isEqualTo(url.replace("admin:s3cret@", ""));
    assertThat(report.toString()).doesNotContain("s3cret");
  }

  private Preflight preflight() {
    return new Preflight(new PreflightProperties(List.of(probedPort), Duration.ofMillis(500), Duration.ofSeconds(2),
        false), new DnsjavaNameLookup(new DnsProperties(Duration.ofMillis(500), DNS_PORT)), null);
  }

  /** The example request on 127.0.62.x: vCenter is the HTTPS server, every other endpoint a closed port. */
  private BuildSpec spec(java.util.function.Consumer<ObjectNode> change) {
    String closed = "127.0.62.1:" + closedPort;
    ObjectNode request = ExampleRequest.withTicket(ExampleRequest.newTicket(), DNS);
    ExampleRequest.node(request, "cluster").put("virtualIp", "127.0.62.10");
    ExampleRequest.node(request, "nodes/0").put("ip", NODE_1);
    ExampleRequest.node(request, "nodes/1").put("ip", "127.0.62.12");
    ExampleRequest.node(request, "vcenter").put("url", "https://" + VCENTER + ":" + vcenter.getAddress().getPort() + "/sdk");
    ExampleRequest.node(request, "edge").put("managerUrl", "https://" + closed);
    ExampleRequest.node(request, "ca").put("url", "https://" + closed + "/certsrv");
    ExampleRequest.node(request, "sso").put("host", "127.0.62.1").put("port", closedPort);
    ExampleRequest.node(request, "ovf/reference").put("url", "https://" + closed);
    change.accept(request);
    return BuildRequestReader.parseTrusted(request.toString());
  }

  private static int freePort(String address) throws Exception {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return free.getLocalPort();
    }
  }
}
