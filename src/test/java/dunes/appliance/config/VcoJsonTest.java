package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.appliance.config.ExecutionState.Status;
import dunes.appliance.config.VcoJson.ExecutionLink;
import dunes.appliance.config.VcoJson.RecordedInput;
import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.SecretRef;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vRO JSON shapes, the comparison of inputs and the execution-context, without a server. */
class VcoJsonTest {

  private static final Destination SSO = Destination.to(Purpose.SSO_ADMIN, "sso.lab.local", 7444);

  static final ObjectMapper JSON = new ObjectMapper();

  /** an execution's inputs as vCO shows them back: a SecureString without its value, one input not asked for */
  final Map<String, RecordedInput> recorded = Map.of(
      "host", new RecordedInput("string", text("\"sso.lab.local\"")),
      "port", new RecordedInput("number", text("7444.0")),
      "clusterMode", new RecordedInput("boolean", text("true")),
      "password", new RecordedInput("SecureString", null),
      "extra", new RecordedInput("string", text("\"not asked\"")));

  @Test
  void shouldReadAnExecutionsOutputParametersAsText() {
    VcoJson.Execution execution = VcoJson.execution("{\"state\":\"completed\",\"output-parameters\":["
        + "{\"name\":\"csr\",\"type\":\"string\",\"value\":{\"string\":{\"value\":\"-----BEGIN…\"}}},"
        + "{\"name\":\"count\",\"type\":\"number\",\"value\":{\"number\":{\"value\":2}}},"
        + "{\"name\":\"unset\",\"type\":\"string\",\"value\":{}}]}", "GET …/executions/e1/");

    assertThat(execution.outputs()).containsExactly(Map.entry("csr", "-----BEGIN…"), Map.entry("count", "2"));
    assertThatThrownBy(() -> VcoJson.execution("{\"state\":\"completed\",\"output-parameters\":{}}", "GET x"))
        .isInstanceOf(VcoProtocolException.class).hasMessageContaining("'output-parameters' is not an array");
  }

  @Test
  void shouldListRunsNewestFirstByStartDateAndSkipTheAddLink() {
    String body = """
        {"relations":{"link":[
          {"href":"https://vco/vco/api/workflows/w/executions/","rel":"add"},
          {"href":"https://vco/vco/api/workflows/w/executions/old/","rel":"down","attributes":[
            {"name":"id","value":"old"},{"name":"state","value":"completed"},{"name":"StartDate","value":"2014-01-24T10:00:00.000+02:00"}]},
          {"href":"https://vco/vco/api/workflows/w/executions/new/","rel":"down","attributes":[
            {"name":"id","value":"new"},{"name":"state","value":"waiting-signal"},{"name":"startDate","value":"2014-01-24T09:30:00Z"}]}
        ],"total":2}}""";

    List<ExecutionLink> runs = VcoJson.executions(body, "here");

    assertThat(runs).extracting(ExecutionLink::id).containsExactly("new", "old");
    assertThat(runs).extracting(ExecutionLink::status).containsExactly(Status.RUNNING, Status.COMPLETED);
  }

  @Test
  void shouldKeepVcosOrderWhenADateIsMissing() {
    String body = """
        {"relations":{"link":[
          {"href":"h/a/","rel":"down","attributes":[{"name":"id","value":"a"},{"name":"state","value":"failed"}]},
          {"href":"h/b/","rel":"down","attributes":[{"name":"id","value":"b"},{"name":"state","value":"canceled"},
            {"name":"startDate","value":"2099-01-01T00:00:00Z"}]}]}}""";

    assertThat(VcoJson.executions(body, "here")).extracting(ExecutionLink::id).containsExactly("a", "b");
  }

  @Test
  void shouldRefuseAnUnknownState() {
    String body = """
        {"relations":{"link":[{"href":"h","rel":"down","attributes":[{"name":"id","value":"a"},{"name":"state","value":"exploded"}]}]}}""";

    assertThatThrownBy(() -> VcoJson.executions(body, "vCO at here"))
        .isInstanceOf(VcoProtocolException.class)
        .hasMessageContaining("'exploded'").hasMessageContaining("expected running");
  }

  @Test
  void shouldSayAnHtmlPageIsNotTheExpectedJson() {
    assertThatThrownBy(() -> VcoJson.executions("<!DOCTYPE html><html><body>Login</body></html>", "vCO at here"))
        .isInstanceOf(VcoProtocolException.class)
        .hasMessage("vCO at here answered an HTML page, expected JSON " + VcoJson.EXECUTIONS_SHAPE);
  }

  @Test
  void shouldNameTheMissingArray() {
    assertThatThrownBy(() -> VcoJson.executions("{\"link\":[]}", "vCO at here"))
        .isInstanceOf(VcoProtocolException.class)
        .hasMessageContaining("no 'relations.link' array");
  }

  @Test
  void shouldMatchEqualValuesAndASecretByPresence() {
    assertThat(VcoJson.sameInputs(List.of(Input.string("host", "sso.lab.local"), Input.number("port", 7444),
        Input.bool("clusterMode", true), Input.secure("password", new SecretRef("any"), SSO)), recorded)).isTrue();
  }

  @Test
  void shouldNotMatchAChangedValueAMissingInputOrAnotherType() {
    assertThat(VcoJson.sameInputs(List.of(Input.string("host", "SSO.lab.local")), recorded)).isFalse();
    assertThat(VcoJson.sameInputs(List.of(Input.number("port", new BigDecimal("7443.9"))), recorded)).isFalse();
    assertThat(VcoJson.sameInputs(List.of(Input.bool("clusterMode", false)), recorded)).isFalse();
    assertThat(VcoJson.sameInputs(List.of(Input.secure("adminPassword", new SecretRef("any"), SSO)), recorded)).isFalse();
    assertThat(VcoJson.sameInputs(List.of(Input.string("port", "7444")), recorded)).isFalse();
    assertThat(VcoJson.sameInputs(List.of(Input.secure("host", new SecretRef("any"), SSO)), recorded)).isFalse();
  }

  @Test
  void shouldWriteEachInputUnderItsTypeAndRevealOnlySecrets() throws Exception {
    String context = VcoJson.context(List.of(Input.string("ssoHost", "sso.lab.local"), Input.number("ssoPort", 7444),
        Input.bool("clusterMode", true), Input.secure("ssoAdminPassword", new SecretRef("sso-admin"), SSO)),
        secure -> "revealed-" + secure.secret().name());

    JsonNode parameters = JSON.readTree(context).path("parameters");
    assertThat(parameters).hasSize(4);
    assertThat(parameters.get(0).toString())
        .isEqualTo("{\"name\":\"ssoHost\",\"type\":\"string\",\"scope\":\"local\",\"value\":{\"string\":{\"value\":\"sso.lab.local\"}}}");
    assertThat(parameters.get(1).path("value").path("number").path("value").asInt()).isEqualTo(7444);
    assertThat(parameters.get(2).path("value").path("boolean").path("value").asBoolean()).isTrue();
    assertThat(parameters.get(3).path("type").asText()).isEqualTo("SecureString");
    assertThat(parameters.get(3).path("value").path("SecureString").path("value").asText()).isEqualTo("revealed-sso-admin");
  }

  @Test
  void shouldRefuseAValueOfAnotherType() {
    assertThatThrownBy(() -> new Input("ssoAdminPassword", Input.Type.SECURE_STRING, "plain-text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input 'ssoAdminPassword' of type SecureString needs a ForwardedSecret value, not String");
  }

  @Test
  void shouldShowASecretsReferenceNeverAValue() {
    assertThat(Input.secure("ssoAdminPassword", new SecretRef("sso-admin"), SSO))
        .hasToString("ssoAdminPassword=secretRef:sso-admin");
    assertThat(Input.string("ssoHost", "sso")).hasToString("ssoHost='sso'");
  }

  private static JsonNode text(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
