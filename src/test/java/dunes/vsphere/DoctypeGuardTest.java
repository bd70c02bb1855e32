package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DoctypeGuardTest {

  @Test
  void shouldLetAnOrdinaryAnswerThrough() {
    String answer = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment before the root is allowed -->
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
        <RetrieveServiceContentResponse xmlns="urn:vim25"><returnval/></RetrieveServiceContentResponse>
        </soapenv:Body></soapenv:Envelope>""";

    assertThatCode(() -> DoctypeGuard.refuseDoctype(answer.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseADoctypeEvenWithoutEntities() {
    String answer = "<?xml version=\"1.0\"?><!DOCTYPE Envelope><Envelope/>";

    assertThatThrownBy(() -> DoctypeGuard.refuseDoctype(answer.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(VSphereException.class).hasMessageContaining("<!DOCTYPE Envelope>");
  }

  @Test
  void shouldRefuseAnAnswerItCannotReadUpToTheRoot() {
    assertThatThrownBy(() -> DoctypeGuard.refuseDoctype("<?xml version=\"1.0\"?><!-- unterminated".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(VSphereException.class).hasMessageContaining("not well-formed");
    assertThatThrownBy(() -> DoctypeGuard.refuseDoctype(new byte[0]))
        .isInstanceOf(VSphereException.class).hasMessageContaining("not well-formed");
  }
}
