package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TolerantWsClientTest {

  private static final String SERVICE_CONTENT = """
      <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
      <RetrieveServiceContentResponse xmlns="urn:vim25"><returnval>
      <rootFolder type="Folder">group-d1</rootFolder>
      <vStorageObjectManager type="VcenterVStorageObjectManager">VStorageObjectManager</vStorageObjectManager>
      <about><name>VMware vCenter Server</name><nested><vStorageObjectManager>x</vStorageObjectManager></nested></about>
      </returnval></RetrieveServiceContentResponse></soapenv:Body></soapenv:Envelope>""";

  @Test
  void shouldDropEveryElementOfTheNamesAndKeepTheRest() throws Exception {
    String pruned = new String(TolerantWsClient.without(
        SERVICE_CONTENT.getBytes(StandardCharsets.UTF_8), Set.of("vStorageObjectManager")), StandardCharsets.UTF_8);

    assertThat(pruned).doesNotContain("vStorageObjectManager")
        .contains("<rootFolder type=\"Folder\">group-d1</rootFolder>", "<name>VMware vCenter Server</name>");
  }

  @Test
  void shouldFindTheUnknownElementBehindYavijavasWrapping() {
    Exception wrapped = new RemoteException("VI SDK invoke exception", new NoSuchFieldException("graphicsMemorySizeInKB"));

    assertThat(TolerantWsClient.unknownElement(wrapped)).isEqualTo("graphicsMemorySizeInKB");
    assertThat(TolerantWsClient.unknownElement(new RemoteException("other"))).isNull();
  }

  @Test
  void shouldNotParseDocumentsWithExternalEntities() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><r>&e;</r>";

    assertThatThrownBy(() -> TolerantWsClient.without(xxe.getBytes(StandardCharsets.UTF_8), Set.of("x")))
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void shouldRefuseToTurnOffCertificateChecks() {
    assertThatThrownBy(() -> new TolerantWsClient("https://vcenter.example.com/sdk", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pin");
  }
}
