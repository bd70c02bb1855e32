package dunes.edge.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.edge.xml.Vnic;
import dunes.xml.InvalidXmlException;
import org.junit.jupiter.api.Test;

/** Each edit changes only the elements it owns; the rest of the manager's text stays as written. */
class EdgeEditsTest {

  static final String CONFIG = """
      <?xml version="1.0" encoding="UTF-8"?>
      <loadBalancer>
        <version>7</version>
        <enabled>false</enabled>
        <logging>
          <enable>true</enable>
          <logLevel>info</logLevel>
        </logging>
        <pool>
          <id>pool-1</id>
          <name>web</name>
          <transparent>false</transparent>
          <servicePort><protocol>TCP</protocol><port>80</port></servicePort>
          <member>
            <ipAddress>10.0.0.1</ipAddress>
            <weight>1</weight>
            <maxConn>100</maxConn>
          </member>
          <member>
            <ipAddress>10.0.0.2</ipAddress>
            <weight>1</weight>
          </member>
          <description>kept</description>
        </pool>
      </loadBalancer>
      """;

  @Test
  void shouldChangeOnlyEnabledInTheConfiguration() {
    String enabled = EdgeEdits.withEnabled(CONFIG, true);

    assertThat(enabled).isEqualTo(CONFIG.replace("<enabled>false</enabled>", "<enabled>true</enabled>"));
    assertThat(EdgeEdits.withEnabled(enabled, false)).isEqualTo(CONFIG);
  }

  @Test
  void shouldAddEnabledWhenTheManagerLeftItOut() {
    String config = "<loadBalancer>\n  <logging><enable>true</enable></logging>\n</loadBalancer>";

    assertThat(EdgeEdits.withEnabled(config, true))
        .isEqualTo("<loadBalancer>\n  <enabled>true</enabled>\n  <logging><enable>true</enable></logging>\n</loadBalancer>");
  }

  @Test
  void shouldSetOnlyTheMembersWeights() {
    String pool = EdgeEdits.object(CONFIG, EdgeEdits.POOL, "web").orElseThrow();

    String weighed = EdgeEdits.withWeights(pool, ip -> ip.equals("10.0.0.1") ? 1 : 0).orElseThrow();

    assertThat(weighed).isEqualTo(pool.replace("<ipAddress>10.0.0.2</ipAddress>\n      <weight>1</weight>",
        "<ipAddress>10.0.0.2</ipAddress>\n      <weight>0</weight>"));
    assertThat(EdgeEdits.withWeights(weighed, ip -> ip.equals("10.0.0.1") ? 1 : 0)).as("nothing to change").isEmpty();
  }

  @Test
  void shouldReplaceOnlyTheOwnedChildrenOfAPool() {
    String pool = EdgeEdits.object(CONFIG, EdgeEdits.POOL, "web").orElseThrow();
    String desired = "<pool><name>web</name><servicePort><protocol>TCP</protocol><port>8286</port></servicePort>"
        + "<member><ipAddress>10.0.0.3</ipAddress><weight>1</weight></member></pool>";

    String merged = EdgeEdits.merged(pool, desired, EdgeEdits.POOL, EnsurePoolStep.OWNED);

    assertThat(merged).contains("<id>pool-1</id>", "<transparent>false</transparent>", "<description>kept</description>",
        "<port>8286</port>", "<ipAddress>10.0.0.3</ipAddress>").doesNotContain("10.0.0.1", "10.0.0.2", "<port>80<");
    assertThat(merged.indexOf("<transparent>")).isLessThan(merged.indexOf("<servicePort>"));
    assertThat(merged.indexOf("</member>")).isLessThan(merged.indexOf("<description>"));
  }

  @Test
  void shouldRemoveWhatItAddedAndGiveTheTextBack() {
    String vnic = """
        <vnic>
          <index>0</index>
          <addressGroups>
            <addressGroup>
              <primaryAddress>10.0.0.1</primaryAddress>
              <subnetMask>255.255.255.0</subnetMask>
            </addressGroup>
          </addressGroups>
          <portgroupId>dvportgroup-1</portgroupId>
        </vnic>""";

    String added = EdgeEdits.withSecondaryAddress(vnic, "10.0.0.5");

    assertThat(added).contains("<primaryAddress>10.0.0.1</primaryAddress>\n      <secondaryAddresses>\n"
        + "        <ipAddress>10.0.0.5</ipAddress>\n      </secondaryAddresses>\n      <subnetMask>");
    assertThat(EdgeEdits.withoutSecondaryAddress(added, "10.0.0.5", new Vnic())).hasValue(vnic);
    assertThat(EdgeEdits.withoutSecondaryAddress(vnic, "10.0.0.5", new Vnic())).as("not there").isEmpty();
  }

  @Test
  void shouldRefuseADocumentTypeDeclaration() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE vnic [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><vnic>&x;</vnic>";

    assertThatThrownBy(() -> EdgeEdits.withSecondaryAddress(xxe, "10.0.0.5")).isInstanceOf(InvalidXmlException.class)
        .hasMessageContaining("DOCTYPE");
  }
}
