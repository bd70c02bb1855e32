package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.secrets.TestSecrets;
import dunes.support.ExampleRequest;
import dunes.vsphere.OvfDirectory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BuildSpecValidatorTest {

  /** A reader whose secret store knows every reference the example request names. */
  static BuildRequestReader exampleReader() {
    return reader(RequestProperties.allowing("lab.local"));
  }

  /** The same reader with other request limits; file: OVFs below the fixtures' folder, as the lab and test profiles set. */
  static BuildRequestReader reader(RequestProperties limits) {
    return new BuildRequestReader(new BuildSpecValidator(TestSecrets.onLoopback(Map.of(
        "vcenter-admin", "x", "appliance-root", "x", "vco-config", "x", "vco-admin", "x", "sso-admin", "x",
        "vco-db", "x", "ca-enroll", "x", "vsm-admin", "x")), limits,
        OvfDirectory.of(Path.of("src/test/resources/ovf"))), limits);
  }

  private final BuildRequestReader reader = exampleReader();

  @Test
  void shouldAcceptTheReadmeExampleAndApplyTheProductsDefaultPorts() {
    BuildSpec spec = reader.read(ExampleRequest.withTicket("CHG1").toString());

    assertThat(spec.nodes()).hasSize(2);
    assertThat(spec.sso().port()).isEqualTo(7444);
    assertThat(spec.database().port()).isEqualTo(1433);
    assertThat(spec.appliance().serverPort()).isEqualTo(8281);
    assertThat(spec.appliance().sshPort()).isEqualTo(2222);
  }

  @Test
  void shouldReportEveryErrorOfARequestAtOnce() {
    String request = ExampleRequest.changed("CHG1", r -> {
      r.withArray("nodes").remove(1);
      ExampleRequest.node(r, "ca").put("url", "ftp://ca");
      ExampleRequest.node(r, "sso").put("fingerprint", "zz");
    });

    assertThatThrownBy(() -> reader.read(request))
        .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors())
            .extracting(FieldError::field).containsExactlyInAnyOrder("nodes", "ca.url", "sso.fingerprint"));
  }

  @Nested
  class Fingerprints {
    @Test
    void shouldAcceptSha256WithOrWithoutColons() {
      String hex = "AB".repeat(32);
      String colons = String.join(":", java.util.Collections.nCopies(32, "ab"));

      assertThat(reader.read(ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "ca").put("fingerprint", hex))).ca().fingerprint()).isEqualTo(hex);
      assertThat(reader.read(ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "ca").put("fingerprint", colons))).ca().fingerprint()).isEqualTo(colons);
    }

    @Test
    void shouldRefuseASha1Thumbprint() {
      String sha1 = "AB".repeat(20);
      assertThatThrownBy(() -> reader.read(ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "vcenter").put("fingerprint", sha1))))
          .hasMessageContaining("vcenter.fingerprint");
    }
  }

  @Nested
  class ReferenceAppliance {
    @Test
    void shouldBeOptional() {
      BuildSpec spec = reader.read(ExampleRequest.changed("CHG1", r -> ((com.fasterxml.jackson.databind.node.ObjectNode)
          r.get("ovf")).remove("reference")));

      assertThat(spec.ovf().reference()).isNull();
    }

    @Test
    void shouldNameEachWrongFieldOfTheReference() {
      String request = ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "ovf/reference")
          .put("url", "https://admin:pw@vcoref.lab.local:8281").put("username", "vmware").put("passwordRef", "nope")
          .put("fingerprint", "AB".repeat(20)));

      assertThatThrownBy(() -> reader.read(request)).isInstanceOfSatisfying(InvalidBuildRequestException.class,
          e -> assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("ovf.reference.url",
              "ovf.reference.username", "ovf.reference.passwordRef", "ovf.reference.fingerprint"));
    }

    @Test
    void shouldTakeTheServersOriginOnly() {
      String request = ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "ovf/reference")
          .put("url", "https://vcoref.lab.local:8281/vco/api"));

      assertThatThrownBy(() -> reader.read(request)).hasMessageContaining("ovf.reference.url")
          .hasMessageContaining("without a path");
    }
  }

  @Nested
  class Approvals {
    @Test
    void shouldLeaveTheShutdownOutOfThePlanUnlessTheRequestPutsItIn() {
      assertThat(reader.read(ExampleRequest.withTicket("CHG1").toString()).shutdownInPlan()).isFalse();
      BuildSpec spec = reader.read(ExampleRequest.changed("CHG1", r -> r.putObject("approvals")
          .put("shutdownInPlan", true)));

      assertThat(spec.shutdownInPlan()).isTrue();
      assertThat(BuildRequestReader.parseTrusted(BuildRequestReader.write(spec))).isEqualTo(spec);
    }

    @Test
    void shouldNameAnApprovalThatSaysNeitherYesNorNo() {
      assertThatThrownBy(() -> reader.read(ExampleRequest.changed("CHG1", r -> r.putObject("approvals"))))
          .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors())
              .extracting(FieldError::field).containsExactly("approvals.shutdownInPlan"));
      assertThatThrownBy(() -> reader.read(ExampleRequest.changed("CHG1", r -> r.putObject("approvals")
          .put("shutdownInPlan", "soon"))))
          .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors())
              .extracting(FieldError::field).containsExactly("approvals.shutdownInPlan"));
    }
  }

  @Nested
  class ClusterHeartbeats {
    @Test
    void shouldDefaultToTheConfiguratorsValues() {
      BuildSpec spec = reader.read(ExampleRequest.withTicket("CHG1").toString());

      assertThat(spec.cluster().heartbeatIntervalMs()).isEqualTo(5000);
      assertThat(spec.cluster().failoverHeartbeats()).isEqualTo(12);
      assertThat(new BuildSpec.Cluster("vcvco", "vcvco.lab.local", "127.0.0.10"))
          .isEqualTo(new BuildSpec.Cluster("vcvco", "vcvco.lab.local", "127.0.0.10", 5000, 12));
    }

    @Test
    void shouldTakeValuesWithinTheBoundsAndKeepThemThroughTheStoredSpec() {
      BuildSpec spec = reader.read(ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "cluster")
          .put("heartbeatIntervalMs", 1000).put("failoverHeartbeats", 100)));

      assertThat(spec.cluster().heartbeatIntervalMs()).isEqualTo(1000);
      assertThat(spec.cluster().failoverHeartbeats()).isEqualTo(100);
      assertThat(BuildRequestReader.parseTrusted(BuildRequestReader.write(spec))).isEqualTo(spec);
    }

    @Test
    void shouldNameEachFieldOutOfBounds() {
      String tooFast = ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "cluster")
          .put("heartbeatIntervalMs", 999).put("failoverHeartbeats", 0));
      String tooSlow = ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "cluster")
          .put("heartbeatIntervalMs", 3_600_001).put("failoverHeartbeats", 101));

      for (String request : new String[] {tooFast, tooSlow}) {
        assertThatThrownBy(() -> reader.read(request))
            .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("cluster.heartbeatIntervalMs", "cluster.failoverHeartbeats"));
      }
      assertThatThrownBy(() -> reader.read(tooFast)).hasMessageContaining("between 1000 and 3600000 milliseconds")
          .hasMessageContaining("between 1 and 100 missed heartbeats");
    }
  }

  @Nested
  class Netmasks {
    @Test
    void shouldRefuseANonContiguousNetmask() {
      assertThatThrownBy(() -> reader.read(ExampleRequest.changed("CHG1",
          r -> ExampleRequest.node(r, "nodes/0").put("netmask", "255.0.255.0"))))
          .hasMessageContaining("nodes[0].netmask");
    }

    @Test
    void shouldKnowContiguousMasks() {
      assertThat(Ipv4.isNetmask(Ipv4.parse("255.255.255.0").orElseThrow())).isTrue();
      assertThat(Ipv4.isNetmask(Ipv4.parse("255.255.255.255").orElseThrow())).isTrue();
      assertThat(Ipv4.isNetmask(Ipv4.parse("0.0.0.0").orElseThrow())).isFalse();
      assertThat(Ipv4.parse("256.1.1.1")).isEmpty();
      assertThat(Ipv4.parse("01.1.1.1")).isEmpty();
    }
  }
}
