package io.actionwatch.inference.model;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class DirectFloatBufferPoolTest {

    @Test
    void handsOutDistinctNativeOrderDirectBuffersAndReusesReturnedOnes() {
        DirectFloatBufferPool pool = new DirectFloatBufferPool(16, 2);
        FloatBuffer a = pool.acquire();
        FloatBuffer b = pool.acquire();
        assertThat(a).isNotSameAs(b);
        assertThat(a.isDirect()).isTrue();
        assertThat(a.order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(a.capacity()).isEqualTo(16);
        a.put(1f).flip();
        pool.release(a);
        FloatBuffer again = pool.acquire();
        assertThat(again).isSameAs(a);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(16);
    }
}
