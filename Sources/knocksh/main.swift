print("knocksh: under construction")
