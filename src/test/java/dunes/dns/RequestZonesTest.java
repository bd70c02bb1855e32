package dunes.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestZonesTest {

  private final RequestZones zones = new RequestZones();

  @Test
  void shouldAnswerForTheLongestDomainThatEndsTheName() {
    zones.learn("lab.local", List.of("127.0.0.53"));
    zones.learn("site.lab.local", List.of("10.0.0.53", "10.0.1.53"));

    assertThat(zones.serversFor("vcenter.lab.local")).contains(List.of("127.0.0.53"));
    assertThat(zones.serversFor("VCO1.Site.Lab.Local.")).contains(List.of("10.0.0.53", "10.0.1.53"));
    assertThat(zones.serversFor("lab.local")).contains(List.of("127.0.0.53"));
  }

  @Test
  void shouldKnowNoServersForANameOutsideEveryZone() {
    zones.learn("lab.local", List.of("127.0.0.53"));

    assertThat(zones.serversFor("xlab.local")).as("a label, not a text suffix").isEmpty();
    assertThat(zones.serversFor("example.com")).isEmpty();
  }

  @Test
  void shouldTakeTheServersOfTheLastRequestOfADomain() {
    zones.learn("lab.local", List.of("127.0.0.53"));
    zones.learn("lab.local", List.of("127.0.10.53"));
    zones.learn("lab.local", List.of()); // a request without servers changes nothing

    assertThat(zones.serversFor("ca.lab.local")).contains(List.of("127.0.10.53"));
  }
}
