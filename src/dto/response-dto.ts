import { IsDate, IsInt, Min } from 'class-validator';

type Class<T> = abstract new (...args: never[]) => T;

export interface Stored {
  id: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The Response DTO: the Base fields plus what the database adds (EntityBase: id and the two timestamps). */
export function ResponseDto<T>(Base: Class<T>): Class<T & Stored> {
  abstract class Response extends (Base as unknown as new () => object) {
    @IsInt() @Min(1) id: number;
    @IsDate() createdAt: Date;
    @IsDate() updatedAt: Date;
  }
  return Response as unknown as Class<T & Stored>;
}
