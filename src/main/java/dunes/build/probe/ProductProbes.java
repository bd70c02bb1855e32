package dunes.build.probe;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every {@link ProductProbe} bean by the product it probes; the ProbeProducts process names them. */
@Component("productProbes")
public class ProductProbes {

  private final Map<String, ProductProbe> byProduct;

  public ProductProbes(List<ProductProbe> probes) {
    this.byProduct = probes.stream().collect(Collectors.toUnmodifiableMap(ProductProbe::product, Function.identity()));
  }

  /** The probe of {@code product}, or an exception naming the products that have one. */
  public ProductProbe of(String product) {
    ProductProbe probe = byProduct.get(product);
    if (probe == null) {
      throw new IllegalStateException("no probe for product '" + product + "'; probes exist for " + byProduct.keySet());
    }
    return probe;
  }
}
