package io.actionwatch.inference.preprocess;

class ImageIoJpegDecoderTest extends JpegDecoderContractTest {

    @Override
    ImageDecoder newDecoder() {
        return new ImageIoJpegDecoder();
    }
}
