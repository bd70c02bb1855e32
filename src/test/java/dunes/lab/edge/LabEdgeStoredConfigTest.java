package dunes.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manager keeps the load balancer configuration as the text clients sent, element for
 * element (fields the lab does not act on, and ones nobody knows yet, included), and answers it
 * back with only the ids it assigned added; what it refuses leaves that text as it was.
 */
class LabEdgeStoredConfigTest {

  private static final String API = "127.0.32.30";
  private static final String VIP = "127.0.32.31";
  private static final String MEMBER = "127.0.32.11";
  private static final String CONFIG = "/api/3.0/edges/edge-1/loadbalancer/config";

  /** A pool with what the lab never reads: description, health-check uri, a member's name, an unknown element. */
  private static final String POOL = """
      <pool>
          <name>vco-8281</name>
          <description>vCO cluster, REST and clients</description>
          <servicePort>
              <protocol>HTTPS</protocol>
              <algorithm>ROUND_ROBIN</algorithm>
              <port>8281</port>
              <healthCheckPort>8281</healthCheckPort>
              <healthCheck>
                  <mode>SSL</mode>
                  <uri>/vco/api/healthstatus</uri>
                  <healthThreshold>2</healthThreshold>
                  <unHealthThreshold>3</unHealthThreshold>
                  <interval>5</interval>
                  <timeout>15</timeout>
              </healthCheck>
          </servicePort>
          <member>
              <name>vcvco1</name>
              <ipAddress>127.0.32.11</ipAddress>
              <weight>1</weight>
              <fooBar><baz>kept</baz></fooBar>
          </member>
          <fooBar/>
      </pool>""";

  private final LabJournal journal = new LabJournal();
  private LabEdge edge;
  private EdgeApiClient api;

  @BeforeEach
  void start() {
    edge = LabEdge.start(LabEdge.Settings.defaults("admin", "s3cret").withAddress(API, 0)
        .withHealthChecks(Duration.ofMillis(50), Duration.ofMillis(500)), journal, new LabFaults());
    api = new EdgeApiClient(edge.url(), edge.certificate(), "admin", "s3cret");
    assertThat(api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP)).statusCode())
        .isEqualTo(204);
    journal.clear();
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void shouldAnswerAPostedPoolExactlyAsSentWithItsIdAsFirstElement() {
    HttpResponse<String> posted = api.post(CONFIG + "/pools", POOL);

    String stored = api.get(CONFIG + "/pools/pool-1").body();

    assertThat(posted.statusCode()).isEqualTo(201);
    assertThat(stored).isEqualTo(POOL.replace("<pool>\n", "<pool>\n    <id>pool-1</id>\n"));
    assertThat(api.get(CONFIG).body()).contains(stored);
    assertThat(journal.entries("edge")).extracting(LabJournal.Entry::operation).containsExactly("add-pool", "publish");
  }

  @Test
  void shouldKeepEveryElementOfAVirtualServerAndOfAPoolPutUnderItsId() {
    api.put(CONFIG, "<loadBalancer><enabled>true</enabled></loadBalancer>");
    api.post(CONFIG + "/pools", POOL);
    String server = """
        <virtualServer>
          <name>vco-8281-vip</name>
          <description>vCO</description>
          <enabled>true</enabled>
          <ipAddress>%s</ipAddress>
          <applicationProfile>
            <protocol>HTTPS</protocol>
            <port>8281</port>
            <persistence><method>SSL_SESSION_ID</method></persistence>
            <sslPassthrough>true</sslPassthrough>
          </applicationProfile>
          <logging>true</logging>
          <pool><id>pool-1</id></pool>
        </virtualServer>""".formatted(VIP);
    String pool = POOL.replace("<pool>\n", "<pool>\n    <id>pool-1</id>\n").replace("<weight>1</weight>", "<weight>0</weight>");

    HttpResponse<String> added = api.post(CONFIG + "/virtualservers", server);
    HttpResponse<String> updated = api.put(CONFIG + "/pools/pool-1", pool);

    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(updated.statusCode()).isEqualTo(204);
    assertThat(api.get(CONFIG + "/virtualservers/virtualServer-1").body())
        .isEqualTo(server.replace("<virtualServer>\n", "<virtualServer>\n  <id>virtualServer-1</id>\n"));
    assertThat(api.get(CONFIG + "/pools/pool-1").body()).isEqualTo(pool);
    assertThat(edge.listening()).containsExactly(VIP + ":8281");
  }

  @Test
  void shouldAnswerAWholeConfigurationPutBackByteForByte() {
    String config = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- put by an operator's script -->
        <loadBalancer>
          <version>3</version>
          <enabled>true</enabled>
          <pool>
            <id>pool-7</id>
            <name>tcp</name>
            <servicePort><protocol>TCP</protocol><port>18287</port></servicePort>
            <member><ipAddress>%s</ipAddress><weight>1</weight><maxConn>100</maxConn></member>
          </pool>
          <virtualServer>
            <id>virtualServer-4</id>
            <name>tcp-vip</name>
            <ipAddress>%s</ipAddress>
            <applicationProfile><protocol>TCP</protocol><port>18287</port></applicationProfile>
            <pool><id>pool-7</id></pool>
          </virtualServer>
          <logging>
            <enable>false</enable>
            <logLevel>info</logLevel>
          </logging>
        </loadBalancer>
        """.formatted(MEMBER, VIP);

    HttpResponse<String> put = api.put(CONFIG, config);
    HttpResponse<String> get = api.get(CONFIG);
    HttpResponse<String> next = api.post(CONFIG + "/pools", POOL);

    assertThat(put.statusCode()).isEqualTo(204);
    assertThat(get.body()).isEqualTo(config);
    assertThat(next.headers().firstValue("Location")).as("ids continue after the ones put")
        .hasValue(CONFIG + "/pools/pool-8");
    assertThat(edge.listening()).containsExactly(VIP + ":18287");
  }

  @Test
  void shouldGiveObjectsWithoutIdsTheirIdsAndNothingElse() {
    String config = """
        <loadBalancer>
          <enabled>false</enabled>
          <pool>
            <name>tcp</name>
            <servicePort><protocol>TCP</protocol><port>18287</port></servicePort>
          </pool>
          <virtualServer>
            <name>tcp-vip</name>
            <ipAddress>%s</ipAddress>
            <applicationProfile><protocol>TCP</protocol><port>18287</port></applicationProfile>
            <pool><name>tcp</name></pool>
          </virtualServer>
        </loadBalancer>""".formatted(VIP);

    api.put(CONFIG, config);

    assertThat(edge.configXml()).isEqualTo(config
        .replace("<pool>\n    <name>", "<pool>\n    <id>pool-1</id>\n    <name>")
        .replace("<virtualServer>\n", "<virtualServer>\n    <id>virtualServer-1</id>\n")
        .replace("<pool><name>tcp</name></pool>", "<pool><id>pool-1</id><name>tcp</name></pool>"));
  }

  @Test
  void shouldAnswerListsInTheDocumentedShapeWithEachObjectAsStored() {
    api.post(CONFIG + "/pools", POOL);
    api.post(CONFIG + "/pools", "<pool><name>other</name><servicePort><protocol>TCP</protocol><port>18286</port>"
        + "</servicePort></pool>");
    api.post(CONFIG + "/virtualservers", "<virtualServer><name>vip</name><ipAddress>" + VIP + "</ipAddress>"
        + "<applicationProfile><protocol>TCP</protocol><port>18286</port></applicationProfile>"
        + "<pool><id>pool-2</id></pool></virtualServer>");

    String pools = api.get(CONFIG + "/pools").body();
    String servers = api.get(CONFIG + "/virtualservers").body();

    assertThat(pools).isEqualTo("<loadBalancer>\n  " + api.get(CONFIG + "/pools/pool-1").body() + "\n  "
        + api.get(CONFIG + "/pools/pool-2").body() + "\n</loadBalancer>");
    assertThat(servers).isEqualTo("<loadBalancer>\n  " + api.get(CONFIG + "/virtualservers/virtualServer-1").body()
        + "\n</loadBalancer>");
  }

  @Test
  void shouldRefuseAPutThatDropsARequiredElementInTheErrorShapeAndKeepTheStoredText() {
    api.post(CONFIG + "/pools", POOL);
    String config = edge.configXml();
    String pool = api.get(CONFIG + "/pools/pool-1").body();
    journal.clear();

    HttpResponse<String> noServicePort = api.put(CONFIG + "/pools/pool-1",
        pool.replaceAll("(?s)\\s*<servicePort>.*</servicePort>", ""));
    HttpResponse<String> noProtocol = api.put(CONFIG + "/pools/pool-1",
        pool.replace("<protocol>HTTPS</protocol>", ""));
    HttpResponse<String> noMemberAddress = api.put(CONFIG, config.replace("<ipAddress>" + MEMBER + "</ipAddress>", ""));
    HttpResponse<String> notANumber = api.put(CONFIG + "/pools/pool-1", pool.replace("<port>8281</port>",
        "<port>https</port>"));

    assertThat(noServicePort.statusCode()).isEqualTo(400);
    assertThat(noServicePort.body()).isEqualTo("<error>\n  <details>pool 'vco-8281' has no service port</details>\n"
        + "  <errorCode>14400</errorCode>\n  <moduleName>vShield Edge</moduleName>\n</error>");
    assertThat(noProtocol.statusCode()).isEqualTo(400);
    assertThat(noProtocol.body()).contains("<details>pool 'vco-8281' protocol is required: one of HTTP, HTTPS, TCP");
    assertThat(noMemberAddress.statusCode()).isEqualTo(400);
    assertThat(noMemberAddress.body()).contains("a member needs its ipAddress");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(notANumber.body()).contains("port 'https' is not a number");
    assertThat(edge.configXml()).isEqualTo(config);
    assertThat(api.get(CONFIG + "/pools/pool-1").body()).isEqualTo(pool);
    assertThat(journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldRefuseADocumentTypeDeclarationWithoutReadingTheEntity() {
    String before = edge.configXml();

    HttpResponse<String> put = api.put(CONFIG, "<?xml version=\"1.0\"?><!DOCTYPE loadBalancer "
        + "[<!ENTITY x SYSTEM \"file:///etc/hostname\">]><loadBalancer><enabled>&x;</enabled></loadBalancer>");

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("<details>not a valid &lt;loadBalancer&gt; body:", "DOCTYPE");
    assertThat(edge.configXml()).isEqualTo(before);
    assertThat(journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldRefuseAnIdInTheBodyOtherThanTheAddressedOne() {
    api.post(CONFIG + "/pools", POOL);
    api.post(CONFIG + "/pools", POOL.replace("vco-8281", "vco-8286"));
    journal.clear();

    HttpResponse<String> put = api.put(CONFIG + "/pools/pool-1", api.get(CONFIG + "/pools/pool-2").body());

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("pool id pool-2 in the body does not match pool-1 in the address");
    assertThat(journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldGiveTheConfigurationBackByteForByteWhenWhatWasAddedIsDeleted() {
    api.put(CONFIG, """
        <loadBalancer>
            <enabled>true</enabled>
            <logging><enable>true</enable></logging>
        </loadBalancer>
        """);
    String before = edge.configXml();

    api.post(CONFIG + "/pools", POOL);
    api.post(CONFIG + "/virtualservers", "<virtualServer><name>vip</name><ipAddress>" + VIP + "</ipAddress>"
        + "<applicationProfile><protocol>HTTPS</protocol><port>18281</port></applicationProfile>"
        + "<pool><id>pool-1</id></pool></virtualServer>");
    String added = edge.configXml();
    api.delete(CONFIG + "/virtualservers/virtualServer-1");
    api.delete(CONFIG + "/pools/pool-1");

    assertThat(added).contains("<logging><enable>true</enable></logging>\n    <pool>\n    <id>pool-1</id>",
        "</pool>\n    <virtualServer><id>virtualServer-1</id><name>vip</name>");
    assertThat(edge.configXml()).isEqualTo(before);
    assertThat(edge.listening()).isEmpty();
  }
}
