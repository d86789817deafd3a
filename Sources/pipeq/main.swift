print("pipeq")
