package io.actionwatch.ingest.scene;

/**
 * The random parameters of how one action is performed (speed, stride, wave frequency, jump height, the shape of a
 * fall or a sit). Every parameter is drawn for every action, in one fixed order, so that two actions drawn from the
 * same seed share them: that is what makes a getting-up clip the exact reverse of a falling-down clip of that seed.
 */
final class Motion {

    /** Walking speed in standing heights per second. */
    final double walkSpeed;
    /** Full gait cycles (two steps) per second. */
    final double strideFrequency;
    final double strideAmplitude;
    final double strideStart;
    /** Whether the waving arm is the one nearer the camera. */
    final boolean waveFrontArm;
    final double waveFrequency;
    final double waveAmplitude;
    final double waveShoulder;
    final double jumpPeriod;
    final double jumpHeight;
    final double swayFrequency;
    final double swayAmplitude;
    final double swayPhase;
    /** Keyframes (phase, pose) of falling down; getting up plays them backwards. */
    final Keyframes fall;
    /** Keyframes of sitting down; standing up plays them backwards. */
    final Keyframes sit;

    Motion(SceneRandom random) {
        walkSpeed = random.range(0.28, 0.6);
        strideFrequency = walkSpeed / random.range(0.35, 0.55);
        strideAmplitude = random.range(0.3, 0.5);
        strideStart = random.range(0, 2 * Math.PI);
        waveFrontArm = random.chance(0.6);
        waveFrequency = random.range(1.5, 3.0);
        waveAmplitude = random.range(0.35, 0.6);
        waveShoulder = random.range(2.3, 2.9);
        jumpPeriod = random.range(0.6, 0.95);
        jumpHeight = random.range(0.12, 0.3);
        swayFrequency = random.range(0.2, 0.5);
        swayAmplitude = random.range(0.01, 0.04);
        swayPhase = random.range(0, 2 * Math.PI);
        fall = fallKeyframes(random);
        sit = sitKeyframes(random);
    }

    private static Keyframes fallKeyframes(SceneRandom random) {
        double[] stumble = Pose.standing();
        stumble[Pose.DX] = 0.08;
        stumble[Pose.TORSO] = 0.35;
        stumble[Pose.NECK] = -0.15;
        stumble[Pose.HIP_FRONT] = 0.45;
        stumble[Pose.KNEE_FRONT] = 0.55;
        stumble[Pose.HIP_BACK] = -0.2;
        stumble[Pose.KNEE_BACK] = 0.35;
        stumble[Pose.SHOULDER_FRONT] = 1.2;
        stumble[Pose.ELBOW_FRONT] = 0.3;
        stumble[Pose.SHOULDER_BACK] = 0.9;
        stumble[Pose.ELBOW_BACK] = 0.3;

        double[] kneel = Pose.standing();
        kneel[Pose.DX] = 0.25;
        kneel[Pose.TORSO] = 1.0;
        kneel[Pose.NECK] = -0.3;
        kneel[Pose.HIP_FRONT] = 1.3;
        kneel[Pose.KNEE_FRONT] = 1.6;
        kneel[Pose.HIP_BACK] = 1.0;
        kneel[Pose.KNEE_BACK] = 1.8;
        kneel[Pose.SHOULDER_FRONT] = 1.6;
        kneel[Pose.ELBOW_FRONT] = 0.2;
        kneel[Pose.SHOULDER_BACK] = 1.5;
        kneel[Pose.ELBOW_BACK] = 0.2;

        double[] lying = Pose.standing();
        lying[Pose.DX] = 0.45;
        lying[Pose.TORSO] = Math.PI / 2;
        lying[Pose.NECK] = -0.2;
        lying[Pose.HIP_FRONT] = 0.05;
        lying[Pose.KNEE_FRONT] = 0.1;
        lying[Pose.HIP_BACK] = -0.05;
        lying[Pose.KNEE_BACK] = 0.2;
        lying[Pose.SHOULDER_FRONT] = 2.95;
        lying[Pose.ELBOW_FRONT] = 0.05;
        lying[Pose.SHOULDER_BACK] = 0.4;
        lying[Pose.ELBOW_BACK] = 0.2;

        jitter(random, stumble, 0.12);
        jitter(random, kneel, 0.12);
        jitter(random, lying, 0.08);
        lying[Pose.TORSO] = Math.PI / 2;
        double stumbleAt = random.range(0.22, 0.38);
        double kneelAt = random.range(0.55, 0.75);
        return new Keyframes(new double[] {0, stumbleAt, kneelAt, 1},
                new double[][] {Pose.standing(), stumble, kneel, lying});
    }

    private static Keyframes sitKeyframes(SceneRandom random) {
        double[] lowering = Pose.standing();
        lowering[Pose.TORSO] = 0.45;
        lowering[Pose.NECK] = -0.2;
        lowering[Pose.HIP_FRONT] = 1.0;
        lowering[Pose.KNEE_FRONT] = 1.2;
        lowering[Pose.HIP_BACK] = 0.95;
        lowering[Pose.KNEE_BACK] = 1.25;
        lowering[Pose.SHOULDER_FRONT] = 0.7;
        lowering[Pose.ELBOW_FRONT] = 0.3;
        lowering[Pose.SHOULDER_BACK] = 0.6;
        lowering[Pose.ELBOW_BACK] = 0.3;

        double[] seated = Pose.standing();
        double depth = random.range(0.9, 1.0);
        seated[Pose.TORSO] = 0.35;
        seated[Pose.NECK] = -0.25;
        seated[Pose.HIP_FRONT] = 2.0 * depth;
        seated[Pose.KNEE_FRONT] = 2.3 * depth;
        seated[Pose.HIP_BACK] = 1.9 * depth;
        seated[Pose.KNEE_BACK] = 2.35 * depth;
        seated[Pose.SHOULDER_FRONT] = 1.2;
        seated[Pose.ELBOW_FRONT] = 0.6;
        seated[Pose.SHOULDER_BACK] = 1.1;
        seated[Pose.ELBOW_BACK] = 0.7;

        jitter(random, lowering, 0.1);
        jitter(random, seated, 0.08);
        double loweringAt = random.range(0.4, 0.6);
        return new Keyframes(new double[] {0, loweringAt, 1}, new double[][] {Pose.standing(), lowering, seated});
    }

    private static void jitter(SceneRandom random, double[] pose, double amount) {
        for (int i = Pose.TORSO; i < Pose.SIZE; i++) {
            pose[i] += random.range(-amount, amount);
        }
    }

    /** A piecewise-linear pose trajectory over phase [0, 1]. */
    static final class Keyframes {
        private final double[] phases;
        private final double[][] poses;

        Keyframes(double[] phases, double[][] poses) {
            this.phases = phases;
            this.poses = poses;
        }

        void poseAt(double phase, Pose out) {
            if (phase <= 0) {
                out.set(poses[0]);
                return;
            }
            for (int i = 1; i < phases.length; i++) {
                if (phase <= phases[i]) {
                    out.lerp(poses[i - 1], poses[i], (phase - phases[i - 1]) / (phases[i] - phases[i - 1]));
                    return;
                }
            }
            out.set(poses[poses.length - 1]);
        }
    }
}
