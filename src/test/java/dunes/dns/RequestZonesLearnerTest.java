package dunes.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildVariables;
import dunes.support.ExampleRequest;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.delegate.DelegateInvocation;
import org.junit.jupiter.api.Test;

/**
 * The learner in front of every delegate: each build's request is read once, however the steps of
 * builds in flight interleave, and every step still finds its build's zone.
 */
class RequestZonesLearnerTest {

  private final List<String> learnt = new ArrayList<>();
  private final RequestZones zones = new RequestZones() {
    @Override
    public void learn(String domain, List<String> dns) {
      learnt.add(domain + " " + dns);
      super.learn(domain, dns);
    }
  };

  @Test
  void shouldReadEachRequestOnceWhileBuildsInterleave() throws Exception {
    StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
    List<String> delegated = new ArrayList<>();
    configuration.setDelegateInterceptor(invocation -> delegated.add("step"));
    new RequestZonesLearner(zones).postInit(configuration);
    DelegateExecution a = build("site-a.lab.local", "127.0.0.53");
    DelegateExecution b = build("site-b.lab.local", "127.0.10.53");

    for (int step = 0; step < 20; step++) {
      configuration.getDelegateInterceptor().handleInvocation(invocation(step % 2 == 0 ? a : b));
    }

    assertThat(delegated).as("every step still runs").hasSize(20);
    assertThat(learnt).containsExactly("site-a.lab.local [127.0.0.53]", "site-b.lab.local [127.0.10.53]");
    assertThat(zones.serversFor("vco1.site-a.lab.local")).contains(List.of("127.0.0.53"));
    assertThat(zones.serversFor("vco1.site-b.lab.local")).contains(List.of("127.0.10.53"));
  }

  private static DelegateExecution build(String domain, String dns) {
    ObjectNode request = ExampleRequest.withTicket(ExampleRequest.newTicket());
    ExampleRequest.node(request, "network").put("domain", domain).putArray("dns").add(dns);
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(BuildVariables.BUILD_SPEC)).thenReturn(request.toString());
    return execution;
  }

  private static DelegateInvocation invocation(DelegateExecution execution) {
    return new DelegateInvocation(execution, null) {
      @Override
      protected void invoke() {}
    };
  }
}
