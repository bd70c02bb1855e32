package dunes.lab;

import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.edge.LabEdge;
import dunes.lab.sso.LabSso;
import dunes.lab.vsphere.LabVSphere;
import dunes.pki.Fingerprints;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import java.util.List;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * The lab alone, in a process of its own: the lab profile's systems (vCenter, nodes, CA, vShield
 * Manager and edge, SSO, change management's receiver, reference appliance) from the same
 * configuration as the run command, with their state under {@code dunes.lab.state-dir}, and no
 * engine. Dunes started with {@code dunes.lab.systems=external} then uses it through the lab's
 * addresses and names only (docs/lab.md, "The lab alone").
 *
 * <p>Deliberately no {@code @SpringBootConfiguration}: the application's own scan and the tests'
 * search for a configuration must not find this one.
 */
public final class LabMain {

  private LabMain() {}

  public static void main(String[] args) throws InterruptedException {
    SpringApplication lab = new SpringApplication(LabMain.class);
    lab.setWebApplicationType(WebApplicationType.NONE);
    lab.setAdditionalProfiles("lab");
    lab.setDefaultProperties(Map.of("spring.application.name", "dunes-lab"));
    lab.addInitializers(context -> {
      ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner((BeanDefinitionRegistry) context);
      // Dunes's side of the lab: its engine's lab users, the banner with its URLs, the lab API on its web server
      for (Class<?> dunesSide : List.of(LabUsers.class, LabBanner.class, LabApiController.class)) {
        scanner.addExcludeFilter(new AssignableTypeFilter(dunesSide));
      }
      scanner.scan("dunes.lab", "dunes.secrets");
    });
    ConfigurableApplicationContext context = lab.run(args);
    if (!LabSystems.inProcess(context.getEnvironment())) {
      throw new IllegalStateException("dunes.lab.systems=external starts no lab: the lab alone runs them itself");
    }
    // what clients pin, one line each: an operator compares them with what Tasklist asks to confirm
    System.out.println("ca-root " + Fingerprints.sha256(context.getBean(LabCertificateAuthority.class).rootCertificate()));
    System.out.println("ca-server " + context.getBean(LabCertificateAuthority.class).tlsFingerprint());
    System.out.println("vsm " + context.getBean(LabEdge.class).fingerprint());
    System.out.println("sso " + context.getBean(LabSso.class).fingerprint());
    System.out.println("vcenter " + context.getBean(LabVSphere.class).fingerprint());
    System.out.println("dns " + context.getBean(dunes.lab.dns.LabDns.class).server());
    System.out.println("adopted " + context.getBean(LabVSphere.class).adopted());
    System.out.println("READY");
    System.out.flush();
    // the lab's servers run on daemon threads: this thread holds the process until it is stopped
    // (SIGTERM or Ctrl-C closes the context through Spring's shutdown hook; a durable vCenter runs on)
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
