package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;

class LeaseUploaderTest {

  @Test
  void shouldPutTheSdkHostAndPortInPlaceOfTheStar() throws Exception {
    URL sdk = URI.create("https://127.0.0.40:8989/sdk").toURL();

    assertThat(LeaseUploader.deviceUrl("https://*/nfc/52a1/disk-0.vmdk", sdk))
        .isEqualTo(URI.create("https://127.0.0.40:8989/nfc/52a1/disk-0.vmdk"));
  }

  @Test
  void shouldKeepADeviceUrlThatNamesItsHost() throws Exception {
    URL sdk = URI.create("https://vcenter.example.com/sdk").toURL();

    assertThat(LeaseUploader.deviceUrl("https://esx1.example.com/nfc/52a1/disk-0.vmdk", sdk))
        .isEqualTo(URI.create("https://esx1.example.com/nfc/52a1/disk-0.vmdk"));
  }
}
