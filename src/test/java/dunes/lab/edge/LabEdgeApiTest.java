package dunes.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The manager's REST API as a client sees it: auth, config, vNIC, errors and the journal. */
class LabEdgeApiTest {

  private static final String API = "127.0.2.30";
  private static final String VIP = "127.0.2.31";
  private static final String CONFIG = "/api/3.0/edges/edge-1/loadbalancer/config";

  private final LabJournal journal = new LabJournal();
  private final LabFaults faults = new LabFaults();
  private LabEdge edge;
  private EdgeApiClient api;
  private NameServer member;

  @BeforeEach
  void start() {
    edge = LabEdge.start(LabEdge.Settings.defaults("admin", "s3cret").withAddress(API, 0)
        .withHealthChecks(Duration.ofMillis(50), Duration.ofMillis(500)), journal, faults);
    api = new EdgeApiClient(edge.url(), edge.certificate(), "admin", "s3cret");
    member = NameServer.plain("vcvco1", "127.0.2.11");
  }

  @AfterEach
  void stop() {
    edge.close();
    member.close();
  }

  @Test
  void shouldAnswer401WithoutOrWithWrongCredentials() {
    EdgeApiClient anonymous = new EdgeApiClient(edge.url(), edge.certificate(), null, null);
    EdgeApiClient wrong = new EdgeApiClient(edge.url(), edge.certificate(), "admin", "guess");

    HttpResponse<String> none = anonymous.get(CONFIG);
    HttpResponse<String> bad = wrong.put(CONFIG, "<loadBalancer><enabled>true</enabled></loadBalancer>");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(journal.entries("edge")).isEmpty();
    assertThat(edge.configXml()).contains("<enabled>false</enabled>");
  }

  @Test
  void shouldListEdge1WithAnEmptyDisabledLoadBalancer() {
    HttpResponse<String> edges = api.get("/api/3.0/edges");
    HttpResponse<String> config = api.get(CONFIG);

    assertThat(edges.statusCode()).isEqualTo(200);
    assertThat(edges.body()).contains("<pagedEdgeList>", "<edgeSummary>", "<id>edge-1</id>");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.headers().firstValue("Content-Type")).hasValue("application/xml");
    assertThat(config.body()).contains("<loadBalancer>", "<enabled>false</enabled>").doesNotContain("<pool>");
  }

  @Test
  void shouldAddAVirtualIpAsSecondaryAddressOfVnic0() {
    HttpResponse<String> put = api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP));
    HttpResponse<String> get = api.get("/api/3.0/edges/edge-1/vnics/0");

    assertThat(put.statusCode()).isEqualTo(204);
    assertThat(get.body()).containsSubsequence("<primaryAddress>127.0.0.1</primaryAddress>",
        "<secondaryAddresses>", "<ipAddress>" + VIP + "</ipAddress>", "</secondaryAddresses>");
    assertThat(journal.entries("edge")).extracting(LabJournal.Entry::operation).containsExactly("update-vnic");
  }

  @Test
  void shouldRefuseAVirtualServerOnAnAddressNoVnicHas() {
    String before = edge.configXml();

    HttpResponse<String> put = api.put(CONFIG, config());

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("<error>", "<details>", VIP, "is not configured on any vNIC", "<errorCode>");
    assertThat(edge.configXml()).isEqualTo(before);
    assertThat(edge.listening()).isEmpty();
    assertThat(journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldPublishAPutConfigAndAnswerItWithAssignedIds() {
    api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP));

    HttpResponse<String> put = api.put(CONFIG, config());
    HttpResponse<String> get = api.get(CONFIG);

    assertThat(put.statusCode()).isEqualTo(204);
    assertThat(get.body()).contains("<enabled>true</enabled>", "<id>pool-1</id>", "<id>virtualServer-1</id>",
        "<mode>TCP</mode>", "<weight>1</weight>");
    assertThat(get.body()).isEqualTo(edge.configXml());
    assertThat(edge.listening()).containsExactly(VIP + ":18286");
    assertThat(Connections.ask(VIP, 18286)).isEqualTo("vcvco1");
    assertThat(journal.entries("edge")).extracting(LabJournal.Entry::operation)
        .containsExactly("update-vnic", "put-config", "publish");
  }

  @Test
  void shouldRestoreAConfigExactlyWhenItsOwnGetIsPutBack() {
    String empty = api.get(CONFIG).body();
    api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP));
    api.put(CONFIG, config());
    String published = api.get(CONFIG).body();

    api.put(CONFIG, empty);
    assertThat(edge.configXml()).isEqualTo(empty);
    assertThat(edge.listening()).isEmpty();
    HttpResponse<String> again = api.put(CONFIG, published);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(204);
    assertThat(edge.configXml()).isEqualTo(published);
  }

  @Test
  void shouldAddListAndDeletePoolsWithManagerAssignedIds() {
    String pool = """
        <pool><name>extra</name>
          <servicePort><protocol>TCP</protocol><algorithm>ROUND_ROBIN</algorithm><port>8287</port></servicePort>
          <member><ipAddress>127.0.2.11</ipAddress><weight>1</weight></member>
        </pool>""";
    HttpResponse<String> first = api.post(CONFIG + "/pools", pool);
    HttpResponse<String> second = api.post(CONFIG + "/pools", pool.replace("extra", "other"));
    HttpResponse<String> list = api.get(CONFIG + "/pools");
    HttpResponse<String> deleted = api.delete(CONFIG + "/pools/pool-1");
    HttpResponse<String> gone = api.get(CONFIG + "/pools/pool-1");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Location")).hasValue(CONFIG + "/pools/pool-1");
    assertThat(second.headers().firstValue("Location")).hasValue(CONFIG + "/pools/pool-2");
    assertThat(list.body()).contains("<id>pool-1</id>", "<id>pool-2</id>");
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(api.get(CONFIG).body()).doesNotContain("pool-1").contains("pool-2");
    assertThat(journal.entries("edge")).extracting(LabJournal.Entry::operation)
        .containsExactly("add-pool", "publish", "add-pool", "publish", "delete-pool", "publish");
  }

  @Test
  void shouldAddAndDeleteAVirtualServerOpeningAndClosingItsListener() {
    api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP));
    api.put(CONFIG, "<loadBalancer><enabled>true</enabled></loadBalancer>");
    api.post(CONFIG + "/pools", """
        <pool><name>tcp</name>
          <servicePort><protocol>TCP</protocol><port>%d</port></servicePort>
          <member><ipAddress>127.0.2.11</ipAddress><weight>1</weight></member>
        </pool>""".formatted(member.port()));

    HttpResponse<String> added = api.post(CONFIG + "/virtualservers", """
        <virtualServer><name>vip</name><ipAddress>%s</ipAddress>
          <applicationProfile><protocol>TCP</protocol><port>18287</port></applicationProfile>
          <pool><id>pool-1</id></pool></virtualServer>""".formatted(VIP));
    String answer = Connections.ask(VIP, 18287);
    HttpResponse<String> poolInUse = api.delete(CONFIG + "/pools/pool-1");
    HttpResponse<String> deleted = api.delete(CONFIG + "/virtualservers/virtualServer-1");

    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(answer).isEqualTo("vcvco1");
    assertThat(poolInUse.statusCode()).isEqualTo(400);
    assertThat(poolInUse.body()).contains("in use by virtual server 'vip'");
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(edge.listening()).isEmpty();
    assertThat(journal.entries("edge")).extracting(LabJournal.Entry::operation)
        .contains("add-virtual-server", "delete-virtual-server").doesNotContain("delete-pool");
  }

  @Test
  void shouldRefuseToDropASecondaryAddressAVirtualServerListensOn() {
    api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP));
    api.put(CONFIG, config());

    HttpResponse<String> put = api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1"));

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(api.get("/api/3.0/edges/edge-1/vnics/0").body()).contains("<ipAddress>" + VIP + "</ipAddress>");
  }

  @Test
  void shouldRefuseAVnicPutWithoutPortgroupIdInTheManagersErrorShape() {
    String before = edge.vnicXml(0);

    HttpResponse<String> put = api.put("/api/3.0/edges/edge-1/vnics/0",
        EdgeConfigs.uplink("127.0.0.1", VIP).replace("<portgroupId>dvportgroup-20</portgroupId>", ""));
    HttpResponse<String> noIndex = api.put("/api/3.0/edges/edge-1/vnics/0",
        EdgeConfigs.uplink("127.0.0.1", VIP).replace("<index>0</index>", ""));
    HttpResponse<String> emptySecondaries = api.put("/api/3.0/edges/edge-1/vnics/0",
        EdgeConfigs.uplink("127.0.0.1", VIP).replace("<ipAddress>" + VIP + "</ipAddress>", ""));

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("<error>", "<details>vnic 0: portgroupId is required when isConnected is true",
        "<errorCode>", "<moduleName>vShield Edge</moduleName>");
    assertThat(noIndex.statusCode()).isEqualTo(400);
    assertThat(noIndex.body()).contains("index is required");
    assertThat(emptySecondaries.statusCode()).isEqualTo(400);
    assertThat(emptySecondaries.body()).contains("secondaryAddresses needs at least one ipAddress");
    assertThat(edge.vnicXml(0)).isEqualTo(before).contains("<portgroupId>dvportgroup-20</portgroupId>");
    assertThat(journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldAnswerTheVnicWithTheWholeTextItWasGiven() {
    String vnic = EdgeConfigs.uplink("127.0.0.1", VIP).replace("<isConnected>", "<mtu>9000</mtu><isConnected>");

    api.put("/api/3.0/edges/edge-1/vnics/0", vnic);

    assertThat(api.get("/api/3.0/edges/edge-1/vnics/0").body()).isEqualTo(vnic);
    assertThat(journal.entries("edge")).extracting(LabJournal.Entry::detail)
        .as("the journal names what the PUT changed or dropped")
        .containsExactly("vnic 0 addresses [127.0.0.1, " + VIP + "] changed [addressGroups, enableProxyArp, "
            + "enableSendRedirects, label, mtu, portgroupName]");
  }

  @Test
  void shouldAnswerListsInTheDocumentedLoadBalancerShape() {
    api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP));
    api.put(CONFIG, config());

    String pools = api.get(CONFIG + "/pools").body();
    String servers = api.get(CONFIG + "/virtualservers").body();

    assertThat(pools).contains("<loadBalancer>", "<pool>", "<id>pool-1</id>").doesNotContain("<pools>", "<enabled>",
        "<virtualServer>");
    assertThat(servers).contains("<loadBalancer>", "<virtualServer>", "<id>virtualServer-1</id>")
        .doesNotContain("<virtualServers>", "<servicePort>");
  }

  @Test
  void shouldStateNoVersionAsAVShieldManager() {
    HttpResponse<String> info = api.get("/api/1.0/appliance-management/global/info");

    assertThat(info.statusCode()).isEqualTo(404);
    assertThat(api.get("/api/3.0/edges").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldPresentItselfAsAnNsxManagerThatRemovedTheEdgeApi3() {
    try (LabEdge nsx = LabEdge.start(LabEdge.Settings.defaults("admin", "s3cret").withAddress(API, 0)
        .withNsxVersion("6.3.0.5007049"), journal, faults)) {
      EdgeApiClient client = new EdgeApiClient(nsx.url(), nsx.certificate(), "admin", "s3cret");

      HttpResponse<String> info = client.get("/api/1.0/appliance-management/global/info");

      assertThat(info.statusCode()).isEqualTo(200);
      assertThat(info.body()).contains("<globalInfo>", "<currentLoggedInUser>admin</currentLoggedInUser>",
          "<majorVersion>6</majorVersion>", "<minorVersion>3</minorVersion>", "<patchVersion>0</patchVersion>",
          "<buildNumber>5007049</buildNumber>");
      assertThat(client.get("/api/3.0/edges").statusCode()).isEqualTo(404);
      assertThat(client.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP)).statusCode())
          .isEqualTo(404);
      assertThat(journal.entries("edge")).isEmpty();
    }
  }

  @Test
  void shouldRefuseMalformedXmlAndUnknownEnumerations() {
    HttpResponse<String> broken = api.put(CONFIG, "<loadBalancer><enabled>true</enabled>");
    HttpResponse<String> algorithm = api.post(CONFIG + "/pools",
        "<pool><name>p</name><servicePort><protocol>TCP</protocol><algorithm>RANDOM</algorithm><port>1</port></servicePort></pool>");

    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("<error>");
    assertThat(algorithm.statusCode()).isEqualTo(400);
    assertThat(algorithm.body()).contains("algorithm 'RANDOM' is not one of");
    assertThat(journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldApplyInjectedFaultsToItsEndpoints() {
    faults.inject("edge:api:config", LabFaults.Kind.HTTP_503, 1);

    assertThat(api.get(CONFIG).statusCode()).isEqualTo(503);
    assertThat(api.get(CONFIG).statusCode()).isEqualTo(200);
  }

  private String config() {
    return EdgeConfigs.oneService(VIP, 18286, "TCP", "TCP", null, List.of(EdgeConfigs.member(member, 1)));
  }
}
