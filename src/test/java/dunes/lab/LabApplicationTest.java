package dunes.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.guests.LabGuests;
import dunes.lab.sso.LabSso;
import dunes.lab.vsphere.LabVSphere;
import dunes.pki.PinnedCertificateTrustManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import dunes.support.ExampleRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The README's run setup (profile lab) in one JVM: the lab's vCenter and change-management receiver
 * start with Dunes, the lab logins work, and a build's reports reach the receiver's journal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:dunes-lab-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "dunes.lab.credentials-file=target/lab-test/lab-credentials.properties",
    "dunes.lab.vsphere.address=127.0.4.40",
    "dunes.lab.vsphere.port=0",
    "dunes.lab.vsphere.work-dir=target/lab-test/vsphere",
    "dunes.lab.nodes.work-dir=target/lab-test/nodes",
    "dunes.lab.ca.address=127.0.4.20",
    "dunes.lab.ca.port=0",
    "dunes.lab.edge.address=127.0.4.30",
    "dunes.lab.edge.port=0",
    "dunes.lab.sso.address=127.0.4.41",
    "dunes.lab.reference.address=127.0.4.19",
    "dunes.lab.reference.work-dir=target/lab-test/reference",
    "dunes.lab.sso.port=0",
    "dunes.lab.knobs[0].endpoint=sso:sts",
    "dunes.lab.knobs[0].kind=HTTP_503",
    "dunes.lab.knobs[0].count=1",
    "dunes.lab.changes.address=127.0.4.50",
    "dunes.lab.changes.port=18080",
    "dunes.change-management.callback-url=http://127.0.4.50:18080/changes",
    "dunes.lab.dns.address=127.0.4.53",
    "dunes.lab.dns.port=" + ExampleRequest.LAB_DNS_PORT,
    "dunes.lab.dns.work-dir=target/lab-test/dns",
    "dunes.dns.port=" + ExampleRequest.LAB_DNS_PORT})
@ActiveProfiles("lab")
class LabApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired ProcessEngine engine;
  @Autowired LabJournal journal;
  @Autowired LabFaults faults;
  @Autowired LabVSphere vsphere;
  @Autowired LabGuests guests;
  @Autowired Environment environment;
  @LocalServerPort int port;

  /** The REST API finds its engine in a JVM-wide registry that every cached test context writes to. */
  @org.junit.jupiter.api.BeforeEach
  void claimTheEngineName() {
    dunes.support.JvmRegistries.claim(engine);
  }

  @Test
  void shouldReportABuildToTheLabsChangeManagementOnceEvenWhenADeliveryFails(@Autowired LabSso sso,
      @Autowired dunes.lab.ca.LabCertificateAuthority ca, @Autowired dunes.lab.edge.LabEdge edge,
      @Autowired dunes.lab.guests.LabReferenceAppliance reference, @Autowired dunes.lab.dns.LabDns dns) throws Exception {
    // past preflight (this lab's endpoints, its cluster on 127.0.4.10-12 with their records), the build waits
    // for its plan's approval (an operator's task); cancelling it there reports once
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = ExampleRequest.withTicket(ticket, "127.0.4.53");
    ExampleRequest.node(request, "cluster").put("virtualIp", "127.0.4.10");
    java.util.Map.of("vcvco.lab.local", "127.0.4.10", "vcvco1.lab.local", "127.0.4.11", "vcvco2.lab.local", "127.0.4.12")
        .forEach(dns::put); // A records and their addresses' PTRs
    for (int i = 0; i < 2; i++) {
      ExampleRequest.node(request, "nodes/" + i).put("ip", "127.0.4.1" + (i + 1)).put("gateway", "127.0.4.1");
    }
    ExampleRequest.node(request, "vcenter").put("url", "https://vcenter.lab.local:" + vsphere.sdkUrl().getPort() + "/sdk");
    ExampleRequest.node(request, "sso").put("port", sso.port());
    ExampleRequest.node(request, "ca").put("url", "https://ca.lab.local:" + ca.port() + "/certsrv");
    ExampleRequest.node(request, "edge").put("managerUrl", "https://vsm.lab.local:" + edge.url().getPort());
    ExampleRequest.node(request, "ovf/reference").put("url", reference.url());
    HttpResponse<String> started = send("POST", "/api/builds", request.toString(), "operator");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String id = JSON.readTree(started.body()).get("processInstanceId").asText();
    faults.inject("changes:callback", LabFaults.Kind.HTTP_500, 1);

    runJobs(id);
    String delivery = engine.getRuntimeService().createMessageCorrelation("Msg_ChangeCancelled")
        .processInstanceBusinessKey(ticket).correlateWithResult().getProcessInstance().getId();
    runJobs(delivery); // CancelBuild hands the recorded cancel to the build
    runJobs(id);

    assertThat(journal.entries("changes")).filteredOn(e -> e.target().equals(ticket))
        .extracting(LabJournal.Entry::operation).containsExactly("cancelled");
    JsonNode overHttp = JSON.readTree(send("GET", "/lab/api/journal?system=changes", null, "admin").body());
    assertThat(overHttp.findValuesAsText("target")).contains(ticket);
  }

  @Test
  void shouldStartTheLabsVCenterWithTheDunesApplication() {
    assertThat(vsphere.sdkUrl().getHost()).isEqualTo("127.0.4.40");
    assertThat(ProcessHandle.of(vsphere.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    assertThat(guests.nodes()).as("the lab's vCenter starts without VMs, so without nodes").isEmpty();
  }

  @Test
  void shouldServeSsoOverTlsWithTheKnobsFromConfiguration(@Autowired LabSso sso) throws Exception {
    SSLContext pinned = SSLContext.getInstance("TLS");
    pinned.init(null, new TrustManager[] {new PinnedCertificateTrustManager(sso.fingerprint())}, null);
    HttpClient client = HttpClient.newBuilder().sslContext(pinned).build();
    HttpRequest sts = HttpRequest.newBuilder(URI.create("https://127.0.4.41:" + sso.port() + "/sts/STSService")).build();

    int first = client.send(sts, HttpResponse.BodyHandlers.discarding()).statusCode();
    int second = client.send(sts, HttpResponse.BodyHandlers.discarding()).statusCode();

    assertThat(first).isEqualTo(503);
    assertThat(second).isEqualTo(200);
  }

  @Test
  void shouldSetAKnobThroughTheLabApi() throws Exception {
    HttpResponse<String> bad = send("POST", "/lab/api/faults", "{\"endpoint\":\"ca:certfnsh\",\"kind\":\"HTTP_500\"}", "admin");
    HttpResponse<String> good = send("POST", "/lab/api/faults",
        "{\"endpoint\":\"node:nowhere\",\"kind\":\"RESET\",\"count\":2}", "admin");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("neither count nor probability");
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(faults.next("node:nowhere:server")).contains(LabFaults.Kind.RESET);
  }

  @Test
  void shouldRefuseTheLabApiToAnonymousCallers() throws Exception {
    assertThat(send("GET", "/lab/api/journal", null, null).statusCode()).isEqualTo(401);
  }

  /** Runs the instance's jobs; a failed attempt is retried at once, as its retry cycle would later. */
  private void runJobs(String processInstanceId) {
    var management = engine.getManagementService();
    for (int attempts = 0; attempts < 20; attempts++) {
      // due ones only: a waiting task's reminder timers are jobs too
      Job job = management.createJobQuery().processInstanceId(processInstanceId).executable().singleResult();
      if (job == null) {
        return;
      }
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException failedAttempt) {
        management.setJobDuedate(job.getId(), null);
      }
    }
    throw new AssertionError("process instance " + processInstanceId + " did not finish its jobs");
  }

  private HttpResponse<String> send(String method, String path, String body, String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (user != null) {
      String password = environment.getProperty(user.equals("admin") ? "dunes.admin.password" : "dunes.lab.users." + user);
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
