package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.vmware.vim25.InvalidPowerState;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ToolsUnavailable;
import com.vmware.vim25.ws.SoapFaultException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SoapFaultsTest {

  private static byte[] fault(String faultString, String detail) {
    return ("""
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>
        <faultcode>ServerFaultCode</faultcode><faultstring>%s</faultstring><detail>%s</detail>
        </soapenv:Fault></soapenv:Body></soapenv:Envelope>""").formatted(faultString, detail)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldThrowTheTypedFaultWithItsFieldsAndFaultString() {
    byte[] answer = fault("The session is not authenticated.",
        "<NotAuthenticatedFault xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xsi:type=\"NotAuthenticated\"><object type=\"ViewManager\">ViewManager</object>"
            + "<privilegeId>System.View</privilegeId></NotAuthenticatedFault>");

    Throwable thrown = catchThrowable(() -> SoapFaults.throwIfFault(answer));

    assertThat(thrown).isInstanceOf(NotAuthenticated.class);
    assertThat(((NotAuthenticated) thrown).getPrivilegeId()).isEqualTo("System.View");
    assertThat(Faults.isNotAuthenticated(new RuntimeException(thrown))).isTrue();
    assertThat(Faults.describe(thrown)).isEqualTo("NotAuthenticated: The session is not authenticated.");
  }

  @Test
  void shouldTakeTheTypeFromTheElementNameWhenXsiTypeIsAbsent() {
    Throwable thrown = catchThrowable(() -> SoapFaults.throwIfFault(
        fault("", "<InvalidPowerStateFault xmlns=\"urn:vim25\"><existingState>poweredOn</existingState></InvalidPowerStateFault>")));

    assertThat(thrown).isInstanceOf(InvalidPowerState.class);
    assertThat(Faults.isNotAuthenticated(thrown)).isFalse();
  }

  @Test
  void shouldTypeToolsUnavailableSoThatAGuestOperationsCallerCanTellIt() {
    Throwable thrown = catchThrowable(() -> SoapFaults.throwIfFault(fault(
        "Cannot complete operation because VMware Tools is not running in this virtual machine.",
        "<ToolsUnavailableFault xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xsi:type=\"ToolsUnavailable\"></ToolsUnavailableFault>")));

    assertThat(thrown).isInstanceOf(ToolsUnavailable.class);
    assertThat(Faults.describe(new RuntimeException(thrown))).isEqualTo(
        "ToolsUnavailable: Cannot complete operation because VMware Tools is not running in this virtual machine.");
  }

  @Test
  void shouldThrowTheSoapFaultWhenTheTypeIsUnknown() {
    Throwable thrown = catchThrowable(() -> SoapFaults.throwIfFault(
        fault("something new", "<BrandNewFault xmlns=\"urn:vim25\"/>")));

    assertThat(thrown).isInstanceOf(SoapFaultException.class);
    assertThat(((SoapFaultException) thrown).getFaultString()).isEqualTo("something new");
  }

  @Test
  void shouldLeaveAnOrdinaryAnswerAlone() {
    byte[] answer = """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
        <CurrentTimeResponse xmlns="urn:vim25"><returnval>2026-11-26T08:00:00Z</returnval></CurrentTimeResponse>
        </soapenv:Body></soapenv:Envelope>""".getBytes(StandardCharsets.UTF_8);

    assertThatNoException().isThrownBy(() -> SoapFaults.throwIfFault(answer));
  }
}
