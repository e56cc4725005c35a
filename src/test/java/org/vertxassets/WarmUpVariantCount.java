package org.vertxassets;

/**
 * A program for {@link EmbedderDependenciesTest}: builds the index of {@code args[0]} with warm-up
 * compression into the cache {@code args[1]}, and prints how many variants it made.
 */
public final class WarmUpVariantCount {

  private WarmUpVariantCount() {
  }

  public static void main(String[] args) {
    AssetIndex index = AssetIndex.buildBlocking(new AssetsOptions().addRoot(args[0])
        .setWarmUpCompression(AssetsOptions.WarmUpCompression.ON).setCompressionCacheDir(args[1]));
    System.out.println("variants: " + index.variantCount());
  }
}
