package dunes.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.vsphere.LabSimulator;
import dunes.lab.vsphere.LabVSphere;
import dunes.support.LabProcess;
import dunes.pki.Fingerprints;
import dunes.pki.PinnedCertificateTrustManager;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab alone ({@link LabMain}) killed with SIGKILL and started again keeps every system as it
 * was: the same certificates, the CA's requests, the edge's pools, the vCenter's VMs, and the node
 * behind a VM with its keystore, serving the same certificate at the same address. The lab runs in
 * its own JVM on this test's addresses (127.0.50.x); this test is only its client.
 */
class DurableLabTest {

  static final String CA = "127.0.50.20";
  static final String EDGE = "127.0.50.30";
  static final int PORT = 18443;
  static final String USER = "administrator@vsphere.local";

  private static final Pattern ISSUED = Pattern.compile("certnew.cer\\?ReqID=(\\d+)&");
  private static final String POOLS = "/api/3.0/edges/edge-1/loadbalancer/config/pools";
  private static final String NODE = "127.0.50.11";

  @TempDir Path state;
  private LabProcess lab;
  private LabVSphere vcenter;

  @AfterEach
  void stopEverything() throws Exception {
    if (lab != null) {
      lab.kill();
    }
    if (vcenter != null) {
      vcenter.stopSimulator();
    }
  }

  @Test
  void shouldKeepEverySystemAsItWasAcrossAKilledLabProcess() throws Exception {
    Map<String, String> first = startLab();
    assertThat(first.get("adopted")).isEqualTo("false");
    vcenter = LabVSphere.start(new LabVSphere.Settings("127.0.50.40", 18989, USER, secret("vcenter-admin"),
        state.resolve("vsphere"), Path.of("src/vcsim/build.sh"), null, 0.01, Duration.ofSeconds(10),
        Duration.ofSeconds(1), Duration.ofSeconds(3)), true); // the lab profile's settings in tests: the same command line
    assertThat(vcenter.adopted()).as("this JVM finds the lab's vcsim running and adopts it").isTrue();
    LabSimulator simulator = new LabSimulator(vcenter,
        new Secret(new SecretRef("vcenter-admin"), secret("vcenter-admin").toCharArray()));

    String requestId = submitCsr(first.get("ca-server"));
    X509Certificate issued = certificate(first.get("ca-server"), requestId);
    HttpResponse<String> pool = edge(first.get("vsm"), HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(
        "<pool><name>durable</name><servicePort><protocol>TCP</protocol><algorithm>ROUND_ROBIN</algorithm>"
            + "<port>8281</port></servicePort><member><ipAddress>" + NODE + "</ipAddress><weight>1</weight></member>"
            + "</pool>")), POOLS);
    assertThat(pool.statusCode()).as(pool.body()).isEqualTo(201);
    VirtualMachine vm = simulator.importOvf("vcvco50", LabSimulator.vami("vcvco50.lab.local", NODE));
    LabSimulator.powerOn(vm);
    String keystoreFingerprint = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(this::nodeKeystoreFingerprint, f -> f != null && serves(NODE, f));
    long lastSeqOfFirstRun = lastSeq();
    lab.dnsRecord("durable.lab.local", "127.0.50.77"); // a record a user added in the DNS's hosts directory

    long dnsmasq = Long.parseLong(Files.readString(state.resolve("dns/dnsmasq.pid")).trim());
    lab.kill(); // SIGKILL: no shutdown hook, nothing written at the end
    assertThat(lab.isAlive()).isFalse();
    await("the lab's dnsmasq ends with the killed lab").atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(dnsmasq).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
    assertThat(ProcessHandle.of(vcenter.pid()).map(ProcessHandle::isAlive)).as("vcsim outlives the lab process")
        .hasValue(true);
    Map<String, String> second = startLab();

    assertThat(second.get("adopted")).isEqualTo("true");
    for (String system : List.of("ca-root", "ca-server", "vsm", "sso", "vcenter")) {
      assertThat(second.get(system)).as(system).isEqualTo(first.get(system));
    }
    assertThat(certificate(second.get("ca-server"), requestId)).isEqualTo(issued);
    assertThat(submitCsr(second.get("ca-server"))).as("request ids go on").isEqualTo(
        String.valueOf(Integer.parseInt(requestId) + 1));
    HttpResponse<String> kept = edge(second.get("vsm"), HttpRequest.newBuilder().GET(), POOLS + "/pool-1");
    assertThat(kept.statusCode()).isEqualTo(200);
    assertThat(kept.body()).contains("<name>durable</name>", "<ipAddress>" + NODE + "</ipAddress>");
    HttpResponse<String> another = edge(second.get("vsm"), HttpRequest.newBuilder().POST(
        HttpRequest.BodyPublishers.ofString("<pool><name>later</name><servicePort><protocol>TCP</protocol>"
            + "<algorithm>ROUND_ROBIN</algorithm><port>8281</port></servicePort></pool>")), POOLS);
    assertThat(another.headers().firstValue("Location")).as("pool ids are never reused").hasValue(POOLS + "/pool-2");
    assertThat(simulator.vm("vcvco50").getRuntime().getPowerState()).isEqualTo(VirtualMachinePowerState.poweredOn);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> serves(NODE, keystoreFingerprint));
    assertThat(nodeKeystoreFingerprint()).isEqualTo(keystoreFingerprint);
    List<String> journal = LabState.lines(state.resolve("journal.jsonl"));
    assertThat(journal).anyMatch(l -> l.contains("\"system\":\"ca\"") && l.contains("\"operation\":\"issue\""))
        .anyMatch(l -> l.contains("\"operation\":\"add-pool\""))
        .anyMatch(l -> l.contains("\"operation\":\"first-boot\""))
        .anyMatch(l -> l.contains("\"operation\":\"disk-kept\""));
    assertThat(journal.stream().filter(l -> l.contains("\"operation\":\"first-boot\""))).hasSize(1);
    assertThat(lastSeq()).isGreaterThan(lastSeqOfFirstRun);
    // the new dnsmasq binds the same address and serves the records kept on disk
    dunes.dns.NameLookup dns = new dunes.dns.DnsjavaNameLookup(
        new dunes.dns.DnsProperties(Duration.ofSeconds(2), dunes.support.ExampleRequest.LAB_DNS_PORT));
    assertThat(dns.forward("durable.lab.local", List.of(lab.dns()))).containsExactly("127.0.50.77");
    assertThat(dns.forward("vcenter.lab.local", List.of(lab.dns()))).containsExactly("127.0.50.40");
    assertThat(dns.reverse("127.0.50.20", List.of(lab.dns()))).containsExactly("ca.lab.local");
  }

  private Map<String, String> startLab() throws Exception {
    if (lab == null) {
      lab = LabProcess.at(50, state, Map.of());
    }
    Map<String, String> printed = lab.start();
    assertThat(printed).as("the lab process started; see %s", state.resolve("lab-process.log")).containsKey("vcenter");
    return printed;
  }

  private static HttpClient pinned(String fingerprint) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new PinnedCertificateTrustManager(fingerprint)}, null);
    return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A lab secret's value, from the credentials file the lab made at its first start. */
  private String secret(String name) throws Exception {
    return lab.secret(name);
  }

  private String basic(String user, String secret) throws Exception {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret(secret)).getBytes(StandardCharsets.UTF_8));
  }

  /** A WebServer request through certsrv's form, as a browser posts it; the id of the issued request. */
  private String submitCsr(String caFingerprint) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
        new X500Principal("CN=durable.lab.local,O=Dunes Lab"), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    String form = "Mode=newreq&CertRequest=" + URLEncoder.encode(LabCertificates.pem(csr), StandardCharsets.UTF_8)
        + "&CertAttrib=" + URLEncoder.encode("CertificateTemplate:WebServer", StandardCharsets.UTF_8)
        + "&TargetStoreFlags=0&SaveCert=yes";
    HttpResponse<String> page = pinned(caFingerprint).send(HttpRequest.newBuilder(
            URI.create("https://" + CA + ":" + PORT + "/certsrv/certfnsh.asp"))
        .header("Authorization", basic("LAB\\enroll", "ca-enroll"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    Matcher issued = ISSUED.matcher(page.body());
    assertThat(issued.find()).as(page.body()).isTrue();
    return issued.group(1);
  }

  private X509Certificate certificate(String caFingerprint, String requestId) throws Exception {
    HttpResponse<InputStream> answer = pinned(caFingerprint).send(HttpRequest.newBuilder(URI.create("https://"
            + CA + ":" + PORT + "/certsrv/certnew.cer?ReqID=" + requestId
            + "&Enc=b64")).header("Authorization", basic("LAB\\enroll", "ca-enroll")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(answer.statusCode()).isEqualTo(200);
    return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(answer.body());
  }

  private HttpResponse<String> edge(String fingerprint, HttpRequest.Builder request, String path)
      throws Exception {
    return pinned(fingerprint).send(request.uri(URI.create("https://" + EDGE + ":"
            + PORT + path)).header("Authorization", basic("admin", "vsm-admin"))
        .header("Content-Type", "application/xml").build(), HttpResponse.BodyHandlers.ofString());
  }

  /** SHA-256 of the key entry in the node's jssecacerts, on its disk under the lab's state; null before it boots. */
  private String nodeKeystoreFingerprint() throws Exception {
    Path nodes = state.resolve("nodes");
    if (!Files.isDirectory(nodes)) {
      return null;
    }
    try (Stream<Path> files = Files.walk(nodes)) {
      Path keystore = files.filter(f -> f.endsWith(Path.of("etc/vco/app-server/security/jssecacerts")))
          .findFirst().orElse(null);
      if (keystore == null) {
        return null;
      }
      KeyStore store = KeyStore.getInstance("JKS");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, "dunesdunes".toCharArray());
      }
      return Fingerprints.sha256((X509Certificate) store.getCertificate("dunes"));
    }
  }

  /** Whether vco-server's port completes a handshake with exactly this certificate. */
  private static boolean serves(String address, String fingerprint) {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new PinnedCertificateTrustManager(fingerprint)}, null);
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(address, 8281), 2000);
        socket.setSoTimeout(2000);
        socket.startHandshake();
        return true;
      }
    } catch (Exception e) {
      return false;
    }
  }

  private long lastSeq() {
    List<String> lines = LabState.lines(state.resolve("journal.jsonl"));
    Matcher seq = Pattern.compile("\"seq\":(\\d+)").matcher(lines.get(lines.size() - 1));
    assertThat(seq.find()).isTrue();
    return Long.parseLong(seq.group(1));
  }
}
