package dunes.preflight;

import dunes.build.BuildSpec;
import dunes.dns.NameLookup;
import dunes.pki.CertificateProbe;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Read-only checks of a build request against the site before any change: forward and reverse DNS
 * through the request's DNS servers, no machine on the addresses the build gives out, and every
 * existing endpoint's certificate read. All checks run at once, each bounded by a short timeout, so
 * a run takes seconds. Nothing is written anywhere and no credential is used.
 */
@Component
@EnableConfigurationProperties(PreflightProperties.class)
public class Preflight {

  private final DnsChecks dns;
  private final AddressChecks addresses;
  private final CertificateChecks certificates;
  private final ExecutorService pool = Executors.newFixedThreadPool(8, daemons());

  /**
   * @param names asks the request's DNS servers
   * @param resolver how the build's clients resolve the endpoints they dial (the request's DNS
   *     servers), so a certificate is read where the build will dial; null: the JVM's resolver
   */
  public Preflight(PreflightProperties properties, NameLookup names, DnsResolver resolver) {
    this.dns = new DnsChecks(names);
    this.addresses = new AddressChecks(properties);
    this.certificates = new CertificateChecks(new CertificateProbe(properties.certificateTimeout(),
        properties.certificateTimeout(), resolver));
  }

  /**
   * Runs every check of {@code spec}.
   *
   * @throws NameLookup.DnsUnavailableException when no DNS server of {@code network.dns} answers:
   *     a fact about DNS, not a verdict on the request, so the caller retries
   */
  public PreflightReport run(BuildSpec spec) {
    List<CompletableFuture<List<PreflightCheck>>> checks = new ArrayList<>();
    dns.checks(spec).forEach(check -> checks.add(async(() -> List.of(check.get()))));
    addresses.checks(spec).forEach(check -> checks.add(async(check)));
    List<CompletableFuture<CertificateChecks.Read>> reads = certificates.checks(spec).stream().map(this::async).toList();

    List<PreflightCheck> results = new ArrayList<>();
    checks.forEach(check -> results.addAll(join(check)));
    List<EndpointCertificate> presented = new ArrayList<>();
    for (CompletableFuture<CertificateChecks.Read> read : reads) {
      CertificateChecks.Read done = join(read);
      results.add(done.check());
      if (done.certificate() != null) {
        presented.add(done.certificate());
      }
    }
    return new PreflightReport(results, presented);
  }

  private <T> CompletableFuture<T> async(Supplier<T> check) {
    return CompletableFuture.supplyAsync(check, pool);
  }

  /** The check's result; its own exception (DNS unavailable, say) as thrown, not wrapped. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemons() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "preflight-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
