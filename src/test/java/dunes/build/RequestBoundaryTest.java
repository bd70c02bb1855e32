package dunes.build;

import static dunes.support.ExampleRequest.changed;
import static dunes.support.ExampleRequest.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.ExampleRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

/**
 * The request boundary, rule by rule (docs/api.md, "Validation rules"): each bad value is refused
 * with an error on exactly its field, the neighbouring good values pass, and no error repeats a
 * value that may be a secret.
 */
class RequestBoundaryTest {

  private final BuildRequestReader reader = BuildSpecValidatorTest.exampleReader();

  static Stream<Arguments> refused() {
    return Stream.of(
        // values that end up in other systems' paths, forms and names
        bad("edge id that walks the API path", r -> node(r, "edge").put("edgeId", "edge-1/../../vnics"), "edge.edgeId"),
        bad("edge id not of the manager's form", r -> node(r, "edge").put("edgeId", "vse-1"), "edge.edgeId"),
        bad("template with a line break (a second CertAttrib attribute)",
            r -> node(r, "ca").put("template", "WebServer\r\nSAN:dns=www.example.com"), "ca.template"),
        bad("template with ':'", r -> node(r, "ca").put("template", "CertificateTemplate:WebServer"), "ca.template"),
        bad("template longer than 64", r -> node(r, "ca").put("template", "T".repeat(65)), "ca.template"),
        bad("cluster name outside the certificate domains", r -> node(r, "cluster").put("fqdn", "vcvco.example.com"),
            "cluster.fqdn"),
        bad("node name outside the certificate domains", r -> node(r, "nodes/1").put("fqdn", "vcvco2.lab.local.evil.com"),
            "nodes[1].fqdn"),
        bad("certificate domain itself, not a name under it", r -> node(r, "nodes/1").put("fqdn", "lab.local"),
            "nodes[1].fqdn"),
        bad("label of 64 characters", r -> node(r, "nodes/0").put("name", "n".repeat(64)), "nodes[0].name"),
        bad("label ending in '-'", r -> node(r, "cluster").put("name", "vcvco-"), "cluster.name"),
        bad("FQDN longer than 253", r -> node(r, "nodes/0").put("fqdn", ("a".repeat(62) + ".").repeat(4) + "lab.local"),
            "nodes[0].fqdn"),
        bad("inventory name with a path separator", r -> node(r, "vcenter").put("datacenter", "LabDC/host"),
            "vcenter.datacenter"),
        bad("inventory name with '%'", r -> node(r, "vcenter").put("resourcePool", "pool%2fother"), "vcenter.resourcePool"),
        bad("inventory name of 80 characters", r -> node(r, "vcenter").put("network", "n".repeat(80)), "vcenter.network"),
        bad("folder path stepping up", r -> node(r, "vcenter").put("folder", "vCO/../Other"), "vcenter.folder"),
        bad("folder path with an empty step", r -> node(r, "vcenter").put("folder", "vCO//Builds"), "vcenter.folder"),
        // URLs: credentials only from the secret store
        bad("vCenter URL with user info", r -> node(r, "vcenter").put("url", "https://root:Pw-123@vcenter.lab.local/sdk"),
            "vcenter.url"),
        bad("manager URL with user info", r -> node(r, "edge").put("managerUrl", "https://admin:Pw-123@vsm.lab.local"),
            "edge.managerUrl"),
        bad("CA URL with user info", r -> node(r, "ca").put("url", "https://enroll:Pw-123@ca.lab.local/certsrv"), "ca.url"),
        bad("OVF URL with user info", r -> node(r, "ovf").put("url", "https://u:Pw-123@files.lab.local/vco.ovf"), "ovf.url"),
        bad("reference URL with user info", r -> node(r, "ovf/reference").put("url", "https://u:Pw-123@vcoref.lab.local:8281"),
            "ovf.reference.url"),
        bad("manager URL with a path", r -> node(r, "edge").put("managerUrl", "https://vsm.lab.local/api/4.0"),
            "edge.managerUrl"),
        bad("URL with a query", r -> node(r, "vcenter").put("url", "https://vcenter.lab.local/sdk?x=1"), "vcenter.url"),
        bad("URL port out of range", r -> node(r, "vcenter").put("url", "https://vcenter.lab.local:70000/sdk"), "vcenter.url"),
        // file: OVFs below dunes.vsphere.ovf-directory only
        bad("file: OVF outside the OVF directory", r -> node(r, "ovf").put("url", "file:/etc/passwd"), "ovf.url"),
        bad("file: OVF stepping up out of it",
            r -> node(r, "ovf").put("url", "file:src/test/resources/ovf/../../../../pom.xml"), "ovf.url"),
        // ports, time zone, DNS
        bad("port 0", r -> node(r, "sso").put("port", 0), "sso.port"),
        bad("port over 65535", r -> node(r, "appliance").put("sshPort", 65536), "appliance.sshPort"),
        bad("two appliance services on one port", r -> node(r, "appliance").put("sshPort", 8281), "appliance.sshPort"),
        bad("time zone as an offset", r -> node(r, "network").put("timezone", "+05:00"), "network.timezone"),
        bad("time zone with a shell word", r -> node(r, "network").put("timezone", "Etc/UTC;reboot"), "network.timezone"),
        bad("four DNS servers", r -> node(r, "network").putArray("dns").add("127.0.0.53").add("127.0.0.54")
            .add("127.0.0.55").add("127.0.0.56"), "network.dns"),
        bad("multicast DNS server", r -> node(r, "network").putArray("dns").add("224.0.0.251"), "network.dns[0]"),
        bad("duplicate DNS server", r -> node(r, "network").putArray("dns").add("127.0.0.53").add("127.0.0.53"),
            "network.dns[1]"),
        // who, which ticket
        bad("requestedBy with a space", r -> r.put("requestedBy", "olga operator"), "requestedBy"),
        bad("login name with ':'", r -> node(r, "edge").put("username", "admin:x"), "edge.username"),
        bad("group name with a line break", r -> node(r, "sso").put("adminGroup", "vsphere.local\\vCO\nAdmins"),
            "sso.adminGroup"),
        bad("organization longer than 64 (RFC 5280)", r -> node(r, "certificate").put("organization", "O".repeat(65)),
            "certificate.organization"),
        bad("SQL Server instance name with ';'", r -> node(r, "database").put("instance", "VCO;encrypt=false"),
            "database.instance"),
        // the nodes' addresses together
        bad("node IP equal to its gateway", r -> node(r, "nodes/0").put("ip", "127.0.0.1"), "nodes[0].ip"),
        bad("node IP the subnet's network address", r -> node(r, "nodes/1").put("ip", "127.0.0.0"), "nodes[1].ip"),
        bad("node IP the subnet's broadcast address", r -> node(r, "nodes/1").put("ip", "127.0.0.255"), "nodes[1].ip"),
        bad("gateway the subnet's broadcast address", r -> {
          node(r, "nodes/0").put("gateway", "127.0.0.255");
          node(r, "nodes/1").put("gateway", "127.0.0.255");
        }, "nodes[0].gateway", "nodes[1].gateway"),
        bad("nodes with different gateways", r -> node(r, "nodes/1").put("gateway", "127.0.0.2"), "nodes[1].gateway"),
        bad("nodes with different netmasks", r -> node(r, "nodes/1").put("netmask", "255.255.0.0"), "nodes[1].netmask"),
        bad("a subnet too small for nodes, virtual IP and gateway", r -> {
          node(r, "nodes/0").put("netmask", "255.255.255.252").put("ip", "127.0.0.9").put("gateway", "127.0.0.10");
          node(r, "nodes/1").put("netmask", "255.255.255.252").put("ip", "127.0.0.11").put("gateway", "127.0.0.10");
          node(r, "cluster").put("virtualIp", "127.0.0.8");
        }, "nodes[1].ip", "nodes[0].netmask", "cluster.virtualIp"), // 2 host addresses: the node and the gateway
        bad("virtual IP outside the nodes' subnet", r -> node(r, "cluster").put("virtualIp", "127.0.1.10"),
            "cluster.virtualIp"),
        bad("virtual IP equal to the gateway", r -> node(r, "cluster").put("virtualIp", "127.0.0.1"), "cluster.virtualIp"),
        bad("virtual IP the broadcast address", r -> node(r, "cluster").put("virtualIp", "127.0.0.255"),
            "cluster.virtualIp"),
        bad("virtual IP 0.0.0.0", r -> node(r, "cluster").put("virtualIp", "0.0.0.0"), "cluster.virtualIp"),
        bad("a node named as the cluster (its vApp)", r -> node(r, "nodes/1").put("name", "vcvco"), "nodes[1].name"),
        bad("duplicate FQDN in another case", r -> node(r, "nodes/1").put("fqdn", "VCVCO1.lab.local"), "nodes[1].fqdn"),
        bad("more nodes than dunes.request.max-nodes", r -> {
          ArrayNode nodes = r.putArray("nodes");
          for (int i = 1; i <= 17; i++) {
            nodes.addObject().put("name", "n" + i).put("fqdn", "n" + i + ".lab.local").put("ip", "127.0.0." + (100 + i))
                .put("netmask", "255.255.255.0").put("gateway", "127.0.0.1");
          }
        }, "nodes"));
  }

  private static Arguments bad(String what, Consumer<ObjectNode> change, String... fields) {
    return Arguments.of(what, change, fields);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void shouldRefuseTheValueOnItsFieldAlone(String what, Consumer<ObjectNode> change, String[] fields) {
    assertThat(errors(changed("CHG1", change))).extracting(FieldError::field).as(what).containsExactly(fields);
  }

  @Test
  void shouldTakeTheValuesNextToTheRefusedOnes() {
    BuildSpec spec = reader.read(changed("CHG1", r -> {
      node(r, "edge").put("edgeId", "edge-12");
      node(r, "ca").put("template", "Web Server 2");
      node(r, "vcenter").put("folder", "vCO/Builds").put("resourcePool", "Pool 1").put("url", "https://127.0.0.5:443/sdk");
      node(r, "network").put("timezone", "Europe/Berlin").putArray("dns").add("127.0.0.53").add("127.0.0.54").add("8.8.8.8");
      node(r, "sso").put("adminGroup", "vsphere.local\\vCO Admins");
      node(r, "database").put("instance", "VCO_1");
      r.put("requestedBy", "cm-bot@example.com");
    }));

    assertThat(spec.edge().edgeId()).isEqualTo("edge-12");
    assertThat(spec.ca().template()).isEqualTo("Web Server 2");
    assertThat(spec.vcenter().folder()).isEqualTo("vCO/Builds");
    assertThat(spec.network().dns()).hasSize(3);
  }

  @Test
  void shouldBoundTheNodesAsConfigured() {
    BuildRequestReader twoOnly = BuildSpecValidatorTest.reader(new RequestProperties(null, 2, 2, List.of("lab.local")));
    String three = changed("CHG1", r -> ((ArrayNode) r.get("nodes")).addObject().put("name", "vcvco3")
        .put("fqdn", "vcvco3.lab.local").put("ip", "127.0.0.13").put("netmask", "255.255.255.0").put("gateway", "127.0.0.1"));

    assertThat(reader.read(three).nodes()).hasSize(3);
    assertThat(errors(twoOnly, three)).singleElement().satisfies(error -> {
      assertThat(error.field()).isEqualTo("nodes");
      assertThat(error.message()).contains("2 to 2 nodes", "got 3");
    });
  }

  @Test
  void shouldRefuseEveryCertificateNameWhenNoDomainIsConfigured() {
    BuildRequestReader none = BuildSpecValidatorTest.reader(new RequestProperties(null, null, null, null));

    assertThat(errors(none, ExampleRequest.withTicket("CHG1").toString())).extracting(FieldError::field)
        .containsExactly("cluster.fqdn", "nodes[0].fqdn", "nodes[1].fqdn");
  }

  @Test
  void shouldRefuseARequestTextOverTheSizeLimitBeforeReadingIt() {
    BuildRequestReader small = BuildSpecValidatorTest.reader(
        new RequestProperties(DataSize.ofBytes(1024), null, null, List.of("lab.local")));

    assertThat(errors(small, ExampleRequest.withTicket("CHG1").toString())).singleElement().satisfies(error -> {
      assertThat(error.field()).isEmpty();
      assertThat(error.message()).contains("at most 1024", "dunes.request.max-size");
    });
  }

  @Nested
  class WhatErrorsRepeat {
    private static final String PASSWORD = "Tr0ub4dor&3-horse";

    @Test
    void aPasswordInARefFieldIsNeverRepeated() {
      List<FieldError> malformed = errors(changed("CHG1", r -> node(r, "vcenter").put("passwordRef", PASSWORD)));
      List<FieldError> wellFormedButUnknown =
          errors(changed("CHG1", r -> node(r, "edge").put("passwordRef", "hunter2hunter2")));

      assertThat(malformed).singleElement().satisfies(e -> {
        assertThat(e.field()).isEqualTo("vcenter.passwordRef");
        assertThat(e.message()).doesNotContain(PASSWORD).isNotBlank();
      });
      assertThat(wellFormedButUnknown).singleElement().satisfies(e -> {
        assertThat(e.field()).isEqualTo("edge.passwordRef");
        assertThat(e.message()).doesNotContain("hunter2hunter2").contains(FieldEcho.NOT_SHOWN);
      });
    }

    @Test
    void aPasswordPastedAsBareJsonIsNotRepeated() {
      String request = ExampleRequest.withTicket("CHG1").toString()
          .replace("\"passwordRef\":\"vcenter-admin\"", "\"passwordRef\":" + "hunter2hunter2");

      assertThat(errors(request)).singleElement().satisfies(e -> {
        assertThat(e.message()).startsWith("not valid JSON at line 1, column").doesNotContain("hunter2hunter2");
      });
    }

    @Test
    void aRefFieldOfAnotherTypeGivesTheTypeOnly() {
      String request = changed("CHG1", r -> node(r, "sso").putArray("passwordRef").add(PASSWORD));

      assertThat(errors(request)).singleElement().satisfies(e -> {
        assertThat(e.field()).isEqualTo("sso.passwordRef");
        assertThat(e.message()).isEqualTo("wrong type: a secret reference is a JSON string");
      });
    }

    @Test
    void aUrlWithCredentialsIsNotRepeated() {
      String url = "https://root:" + PASSWORD + "@vcenter.lab.local/sdk";

      assertThat(errors(changed("CHG1", r -> node(r, "vcenter").put("url", url)))).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("must not carry credentials").doesNotContain(PASSWORD));
      assertThat(FieldEcho.message("vcenter.url", url, "cannot reach '" + url + "'"))
          .isEqualTo("cannot reach " + FieldEcho.NOT_SHOWN);
    }

    @Test
    void aLongValueIsNotRepeatedAShortNameIs() {
      String token = "x".repeat(FieldEcho.MAX_SHOWN + 1);

      assertThat(FieldEcho.message("ca.authentication", token, "unknown method '" + token + "'"))
          .isEqualTo("unknown method " + FieldEcho.NOT_SHOWN);
      assertThat(errors(changed("CHG1", r -> node(r, "nodes/1").put("name", "vcvco1")))).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("'vcvco1'"));
    }
  }

  private List<FieldError> errors(String request) {
    return errors(reader, request);
  }

  private static List<FieldError> errors(BuildRequestReader reader, String request) {
    try {
      reader.read(request);
    } catch (InvalidBuildRequestException e) {
      return e.errors();
    }
    throw new AssertionError("the request was accepted");
  }
}
